"""Time signing and verifying a 20-page record: ``.venv/bin/python bench/signing_speed.py [runs]``."""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from coproduce.record.keys import KeyStore
from coproduce.record.signing import cosign_as, cosigner_field_name, sign_record
from coproduce.record.verify import Status, verify

RECORD = b'{"decisions":[],"workshop":"bench"}'


def make_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.setFont("Helvetica", 11)
        for line in range(50):
            pdf.drawString(
                60, 800 - line * 15, f"Page {number + 1}, line {line + 1}: a contribution to the record"
            )
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    code = "import time; t = time.perf_counter(); import pyhanko.sign; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    print(f"import pyhanko.sign (cold process): {float(done.stdout) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        store = KeyStore(Path(folder))
        start = time.perf_counter()
        facilitator = store.ensure_signer("Ana Facilitator", "Forum", "a long passphrase")
        print(f"first ensure_signer (root + signer keys): {(time.perf_counter() - start) * 1000:.0f} ms")
        cosigner = store.ensure_signer("Bob", "Forum", "another passphrase")
        pdf = make_pdf(20)
        sign_record(pdf, RECORD, facilitator, ["Bob"])  # warm-up: lazy imports
        unlock = median_ms(lambda: store.ensure_signer("Ana Facilitator", "Forum", "a long passphrase"), runs)
        sign = median_ms(lambda: sign_record(pdf, RECORD, facilitator, ["Bob"]), runs)
        signed = sign_record(pdf, RECORD, facilitator, ["Bob"])
        field = cosigner_field_name("Bob")
        cosign = median_ms(lambda: cosign_as(signed, cosigner, field), runs)
        both = cosign_as(signed, cosigner, field)
        check = median_ms(lambda: verify(both, store), runs)
        assert verify(both, store).status is Status.AUTHENTIC
    print(f"20-page PDF: {len(pdf) / 1024:.0f} KiB; median of {runs} runs")
    print(f"  unlock a signer key (scrypt + PKCS#8): {unlock:.0f} ms")
    print(f"  sign_record (attach, reserve 1 field, certify): {sign:.0f} ms")
    print(f"  co-sign a reserved field: {cosign:.0f} ms")
    print(f"  verify two signatures: {check:.0f} ms")


if __name__ == "__main__":
    main()
