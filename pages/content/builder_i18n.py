"""What the builder says, in the request's language: our own strings for builder.js and the
GrapesJS i18n messages we add on top of its own locale (block names and categories, panel
button titles and a few of its texts that read badly in Vietnamese).

GrapesJS looks block labels up as ``blockManager.labels.<block id>`` and categories as
``blockManager.categories.<category id>``; the ids are those of grapesjs-blocks-basic,
grapesjs-plugin-forms and grapesjs-preset-webpage.
"""

from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# GrapesJS ships these locales (node_modules/grapesjs/locale, served by settings.STATICFILES).
GRAPESJS_LOCALES = {"vi": "vendor/grapesjs/locale/vi.mjs"}


def _block_labels() -> dict[str, str]:
    return {
        "column1": _("1 column"),
        "column2": _("2 columns"),
        "column3": _("3 columns"),
        "column3-7": _("2 columns 3/7"),
        "text": _("Text"),
        "link": _("Link"),
        "image": _("Image"),
        "video": _("Video"),
        "map": _("Map"),
        "form": _("Form"),
        "input": _("Input"),
        "textarea": _("Text area"),
        "select": _("Select"),
        "button": _("Button"),
        "label": _("Label"),
        "checkbox": _("Checkbox"),
        "radio": _("Radio"),
        "link-block": _("Link block"),
        "quote": _("Quote"),
        "text-basic": _("Text section"),
    }


def _panel_titles() -> dict[str, str]:
    return {
        "sw-visibility": _("Show outlines"),
        "preview": _("Preview"),
        "fullscreen": _("Full screen"),
        "export-template": _("View code"),
        "canvas-clear": _("Clear the canvas"),
        "open-sm": _("Style"),
        "open-tm": _("Component settings"),
        "open-layers": _("Layers"),
        "open-blocks": _("Blocks"),
    }


def grapesjs_messages() -> dict:
    """Added to GrapesJS's messages for the current language (its ``i18n.messagesAdd``)."""
    return {
        "blockManager": {
            "labels": _block_labels(),
            "categories": {"Basic": _("Basic"), "forms": _("Forms")},
        },
        "panels": {"buttons": {"titles": _panel_titles()}},
        "assetManager": {
            "addButton": _("Add image"),
            "inputPlh": "https://…/image.jpg",
            "modalTitle": _("Images"),
            "uploadTitle": _("Drop images here or click to choose (PNG, JPEG, WebP, GIF)"),
        },
        "selectorManager": {"label": _("Classes")},
        "styleManager": {
            "empty": _("Select an element to change its style."),
            "sectors": {
                "general": _("General"),
                "layout": _("Layout"),
                "typography": _("Typography"),
                "decorations": _("Decorations"),
                "extra": _("Extra"),
                "flex": _("Flex"),
                "dimension": _("Dimension"),
            },
        },
        "traitManager": {
            "empty": _("Select an element to change its settings."),
            "label": _("Component settings"),
        },
    }


def builder_texts() -> dict[str, str]:
    """builder.js's own strings."""
    return {
        "saved": _("Saved"),
        "unsaved": _("Unsaved changes"),
        "saving": _("Saving…"),
        "publishing": _("Publishing…"),
        "published": _("Published"),
        "saveFailed": _("Could not save"),
        "publishFailed": _("Not published"),
        "seePlans": _("See the plans"),
        "resendVerification": _("Resend the confirmation e-mail"),
        "copied": _("Copied"),
        "uploading": _("Uploading %(name)s…"),
        "uploaded": _("Uploaded. Click an image to place it."),
        "uploadFailed": _("The upload failed. Check your connection and try again."),
        "clearCanvas": _("Clear everything on the page?"),
    }


def builder_locale() -> dict:
    language = (get_language() or "vi").split("-")[0]
    path = GRAPESJS_LOCALES.get(language)
    return {"lang": language, "gjsLocaleUrl": static(path) if path else ""}
