# Prints what nogil-scan needs to know about the interpreter running this script, as one JSON
# object on stdout. Runs with -I, so no environment variable or user site can change the answer.
import json
import os
import platform
import sys
import sysconfig

try:
    glibc = os.confstr("CS_GNU_LIBC_VERSION")  # "glibc 2.36"
except (AttributeError, ValueError, OSError):
    glibc = None

is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
print(json.dumps({
    "version": platform.python_version(),
    "implementation": sys.implementation.name,
    "freeThreaded": sysconfig.get_config_var("Py_GIL_DISABLED") == 1,
    "gilEnabledAtStart": is_gil_enabled() if is_gil_enabled else True,
    "extSuffix": sysconfig.get_config_var("EXT_SUFFIX") or "",
    "include": sysconfig.get_paths().get("include", ""),
    "machine": platform.machine(),
    "glibc": glibc.split()[1] if glibc and glibc.startswith("glibc ") else None,
}))
