"""The support bot: answers a user's message while no human has the room.

It asks the OpenAI-compatible API named by ``OPENAI_BASE_URL`` / ``OPENAI_MODEL`` (Gemini's
compatible endpoint works too), giving it the recent conversation and the most relevant help
articles. When no key is set, or the API times out, fails or answers nonsense, it answers from
the help articles itself, or says honestly that it will get a human and offers the button.
"""

import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, transaction
from openai import OpenAI

from . import realtime, selectors, services
from .models import ChatMessage, ChatRoom, HelpArticle

logger = logging.getLogger(__name__)
Sender = ChatMessage.SenderType
WRITE_ATTEMPTS = 4
HANDOFF_ACTION = {"type": "action", "action": "request_human"}
_VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")

SYSTEM_PROMPT = (
    "You are LandingHub's support assistant. LandingHub lets people build landing pages, "
    "publish them, collect leads and buy or sell page templates paid with MoMo or VNPay. "
    "Answer briefly and concretely in the user's language (Vietnamese or English), using the "
    "help articles below when they apply. Never invent prices, policies or features. If you "
    "cannot help, or the user wants a person, say that they can press 'Talk to a human'."
)


@dataclass
class Answer:
    text: str
    source: str  # "ai", "articles" or "handoff"
    attachments: list = field(default_factory=list)


def _is_vietnamese(text: str) -> bool:
    return bool(_VIETNAMESE.search(text.lower()))


def _client() -> OpenAI:
    return OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=settings.OPENAI_TIMEOUT_SECONDS,
        max_retries=settings.OPENAI_MAX_RETRIES,
    )


def _ai_answer(history: list[ChatMessage], articles: list[HelpArticle]) -> str | None:
    """The model's reply, or None on any failure: the caller falls back, the user never
    waits longer than the timeout times the (bounded) retries."""
    context = "\n\n".join(f"## {a.title}\n{a.body}" for a in articles) or "(none matched)"
    messages = [{"role": "system", "content": f"{SYSTEM_PROMPT}\n\nHelp articles:\n{context}"}]
    for message in history:
        role = "user" if message.sender_type == Sender.USER else "assistant"
        messages.append({"role": role, "content": message.message})
    try:
        completion = _client().chat.completions.create(
            model=settings.OPENAI_MODEL,
            messages=messages,
            max_tokens=settings.OPENAI_MAX_TOKENS,
            temperature=0.3,
        )
        text = completion.choices[0].message.content
    except Exception:  # timeouts, 4xx/5xx after retries, malformed bodies: all fall back
        logger.warning("support bot: the AI API failed, answering from articles", exc_info=True)
        return None
    if not isinstance(text, str) or not text.strip():
        logger.warning("support bot: the AI API returned no text")
        return None
    return text.strip()[: settings.SUPPORT_MESSAGE_MAX_CHARS]


def _fallback(question: str, articles: list[HelpArticle]) -> Answer:
    vietnamese = _is_vietnamese(question)
    if not articles:
        text = (
            "Mình chưa tìm được câu trả lời chắc chắn. Bấm “Nói chuyện với nhân viên” để chuyển "
            "cho một người trong đội hỗ trợ nhé."
            if vietnamese
            else "I couldn't find a reliable answer to that. Press “Talk to a human” and "
            "I'll get someone from our support team."
        )
        return Answer(text, "handoff", [HANDOFF_ACTION])
    best = articles[0]
    tail = (
        "Chưa đúng ý bạn? Bấm “Nói chuyện với nhân viên” để chat với người thật."
        if vietnamese
        else "Not what you needed? Press “Talk to a human” to chat with a person."
    )
    return Answer(f"{best.title}\n\n{best.body}\n\n{tail}", "articles", [HANDOFF_ACTION])


def compose_answer(*, history: list[ChatMessage], question: str) -> Answer:
    language = "vi" if _is_vietnamese(question) else "en"
    articles = selectors.help_article_search(query=question, limit=3, language=language)
    if settings.OPENAI_API_KEY:
        text = _ai_answer(history, articles)
        if text is not None:
            return Answer(text, "ai")
    return _fallback(question, articles)


def _should_answer(room: ChatRoom, message: ChatMessage) -> bool:
    """Only while the bot has the room, once per user message, and only the newest one (a
    burst of messages gets one reply that has read all of them)."""
    if room.admin_id is not None or room.handed_off or room.status != ChatRoom.Status.OPEN:
        return False
    if room.messages.filter(client_id=f"bot:{message.pk}", sender__isnull=True).exists():
        return False
    return not room.messages.filter(sender_type=Sender.USER, id__gt=message.pk).exists()


def bot_reply(*, message_id: int) -> ChatMessage | None:
    message = ChatMessage.objects.select_related("room").filter(pk=message_id).first()
    if message is None or message.sender_type != Sender.USER:
        return None
    if not _should_answer(message.room, message):
        return None
    room = message.room
    realtime.typing(room=room, sender_type=Sender.BOT, name="LandingHub Bot")
    recent = room.messages.filter(is_internal=False, id__lte=message.pk).exclude(
        sender_type=Sender.SYSTEM
    )
    history = list(reversed(recent.order_by("-id")[: settings.SUPPORT_BOT_HISTORY]))
    # The network call happens outside any transaction: no row is locked while we wait.
    answer = compose_answer(history=history, question=message.message)
    # The answer is paid for: a database hiccup (a deadlock, a locked SQLite table) retries
    # the write only, a few times, before the task's own retry would ask the AI again.
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return _store_answer(room_id=room.pk, message=message, answer=answer)
        except OperationalError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    return None


@transaction.atomic
def _store_answer(*, room_id: int, message: ChatMessage, answer: Answer) -> ChatMessage | None:
    room = ChatRoom.objects.select_for_update().get(pk=room_id)
    if not _should_answer(room, message):  # a human took over while we were thinking
        return None
    return services.message_append(
        room=room,
        sender=None,
        sender_type=Sender.BOT,
        text=answer.text,
        client_id=f"bot:{message.pk}",
        attachments=answer.attachments,
    )
