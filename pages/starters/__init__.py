"""Starter templates a new page can begin from: HTML + CSS files beside this module.

Each starter is ordinary builder content (sanitised like any save) that the editor imports as
components; ``base.css`` is shared, ``<key>.css`` sets the starter's own look.
"""

from dataclasses import dataclass
from pathlib import Path

from landinghub.exceptions import ApplicationError

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Starter:
    key: str
    name: str
    description: str
    accent: str


STARTERS = [
    Starter(
        "product-launch",
        "Product launch",
        "Ra mắt sản phẩm, ưu đãi đặt trước.",
        "#5b4bdb",
    ),
    Starter("event", "Event", "Hội thảo, lịch trình, đăng ký.", "#e8590c"),
    Starter("app-download", "App download", "Tải ứng dụng, nhận link qua SMS.", "#0ca678"),
    Starter("consulting", "Consulting", "Tư vấn doanh nghiệp, đặt lịch.", "#1c7ed6"),
    Starter("restaurant", "Restaurant", "Nhà hàng, thực đơn, đặt bàn.", "#c2255c"),
]
BY_KEY = {s.key: s for s in STARTERS}


def starter_content(key: str) -> dict[str, str]:
    """``html_content``/``css_content`` of a starter; 400 for an unknown key."""
    if key not in BY_KEY:
        raise ApplicationError(
            "Unknown template.",
            code="template_unknown",
            details={"fields": {"template": [f"Choose one of: {', '.join(BY_KEY)}."]}},
        )
    html = (HERE / f"{key}.html").read_text(encoding="utf-8")
    css = (HERE / "base.css").read_text(encoding="utf-8") + (HERE / f"{key}.css").read_text(
        encoding="utf-8"
    )
    return {"html_content": html, "css_content": css}
