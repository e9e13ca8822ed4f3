"""Says in plain words which Debian package is missing for Qt, if one is.

Run by ``make run`` and ``make test`` after the virtual environment is set up. It looks at the Qt libraries
that PySide6 ships (with ``ldd``) and maps every "not found" library to the Debian package that provides it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

# shared library -> Debian package
PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}


def missing_libraries(files: list[Path]) -> set[str]:
    missing: set[str] = set()
    for file in files:
        if not file.exists():
            continue
        out = subprocess.run(["ldd", str(file)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.add(line.split("=>")[0].strip())
    return missing


def main() -> int:
    want_screen = "--screen" in sys.argv
    if sys.platform != "linux" or shutil.which("ldd") is None:
        return 0
    try:
        import PySide6
    except ImportError as err:  # pragma: no cover - the venv install failed
        print(f"PySide6 is not installed in this environment: {err}", file=sys.stderr)
        return 1
    qt = Path(PySide6.__file__).parent / "Qt"
    files = [
        qt / "lib" / "libQt6Widgets.so.6",
        qt / "lib" / "libQt6Gui.so.6",
        qt / "plugins" / "platforms" / "libqoffscreen.so",
    ]
    if want_screen:
        files += [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    missing = missing_libraries(files)
    if want_screen:
        import ctypes.util

        # Qt 6.5+ loads this one at run time, so ldd does not list it.
        if ctypes.util.find_library("xcb-cursor") is None:
            missing.add("libxcb-cursor.so.0")
    if not missing:
        return 0
    packages = sorted({PACKAGES.get(lib, f"(the package that provides {lib})") for lib in missing})
    print("Qt needs system libraries that this machine does not have:", file=sys.stderr)
    for lib in sorted(missing):
        print(f"  {lib}  ->  Debian package {PACKAGES.get(lib, '?')}", file=sys.stderr)
    print("Install them with:\n  sudo apt-get install " + " ".join(packages), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
