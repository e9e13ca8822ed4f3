"""Time 2,000 paragraphs (one in ten non-Latin) through the record's text layer vs plain reportlab.

Run: ``.venv/bin/python bench/text_speed.py``. Prints a Markdown table.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from coproduce.record.fonts import BODY_FONT, register_fonts
from coproduce.record.text import DOC_FONT_KWARGS, paragraph, styles

N = 2000
LATIN = (
    "Participant {i} said the bus to the clinic at 50 Station Road stops running after six, so evening "
    "appointments are hard to reach; they asked whether the surgery could open on Saturday mornings."
)
OTHER = [
    "ہم نے آج صحت کے بارے میں بات کی اور کلینک کے اوقات پر سوال اٹھائے {i}",
    "اجتمعنا اليوم لمناقشة الخدمات الصحية في 50 Station Road {i}",
    "আমরা স্বাস্থ্য নিয়ে কথা বললাম এবং ক্লিনিকের সময় নিয়ে প্রশ্ন করলাম {i}",
    "हमने स्वास्थ्य के बारे में बात की और क्लिनिक के समय पर सवाल उठाए {i}",
    "ਅਸੀਂ ਸਿਹਤ ਬਾਰੇ ਗੱਲ ਕੀਤੀ {i}",
    "我们今天讨论了健康服务和诊所的开放时间 {i}",
    "Мы говорили о здоровье и о часах работы клиники {i}",
]


def texts() -> list[str]:
    return [OTHER[(i // 10) % len(OTHER)].format(i=i) if i % 10 == 9 else LATIN.format(i=i) for i in range(N)]


def build(story: list[Flowable]) -> int:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, **DOC_FONT_KWARGS).build(story)
    return len(buf.getvalue())


def run(name: str, make: Callable[[str], Flowable], data: list[str]) -> tuple[str, float, int]:
    start = time.perf_counter()
    size = build([make(t) for t in data])
    return name, time.perf_counter() - start, size


def main() -> None:
    register_fonts()
    data = texts()
    plain = ParagraphStyle("plain", fontName=BODY_FONT, fontSize=10, leading=14)
    shaped = ParagraphStyle("shaped", parent=plain, shaping=1)
    body = styles().body
    paragraph("warm up")  # font registration and caches outside the timing
    rows = [
        run(
            "reportlab Paragraph, escape only, no shaping (non-Latin broken)",
            lambda t: Paragraph(escape(t), plain),
            data,
        ),
        run(
            "reportlab Paragraph, escape only, shaping=1 (no fallback, no RTL)",
            lambda t: Paragraph(escape(t), shaped),
            data,
        ),
        run("coproduce.record.text.paragraph (fallback, shaping, bidi)", lambda t: paragraph(t, body), data),
    ]
    print(f"{N} paragraphs, one in ten non-Latin\n")
    print("| pipeline | seconds | PDF bytes |")
    print("|---|---:|---:|")
    for name, seconds, size in rows:
        print(f"| {name} | {seconds:.2f} | {size:,} |")


if __name__ == "__main__":
    main()
