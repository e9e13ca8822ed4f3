"""Reading the QR code of a printed record from a scan or photo.

Uses ``zbarimg`` (Debian package zbar-tools) when it is installed; without it the person is told how to get
it, or to type the code's text instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from coproduce.errors import ValidationError
from coproduce.i18n import translate


def _t(text: str) -> str:
    return translate("Record", text)


def decode_qr_image(path: Path) -> str:
    if not path.is_file():
        raise ValidationError(_t("The image {path} does not exist.").format(path=path))
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        raise ValidationError(
            _t(
                "Reading a QR code from an image needs zbarimg (on Debian: sudo apt-get install "
                'zbar-tools). Or pass the code\'s text: --qr "TEXT".'
            )
        )
    try:
        found = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ValidationError(
            _t("The QR code could not be read from {path}: {reason}").format(path=path, reason=err)
        ) from err
    codes = [line.strip() for line in found.stdout.splitlines() if line.strip()]
    if not codes:
        raise ValidationError(
            _t("No QR code was found in {path}. Try a sharper scan (150 dpi or more).").format(path=path)
        )
    return codes[0]
