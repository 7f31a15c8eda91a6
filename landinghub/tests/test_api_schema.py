"""Every body in ``/api/schema/`` is described: each operation's 2xx answer has a typed
schema (no free-form ``{}`` objects), and each one's 4xx is the one ``ErrorEnvelope``."""

import json

import pytest

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorEnvelope"


@pytest.fixture
def schema(api_client) -> dict:
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _typed(schema: dict, node: dict) -> bool:
    node = _resolve(schema, node)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in node:
            return all(_typed(schema, part) for part in node[combined])
    if node.get("type") == "array":
        return _typed(schema, node.get("items", {}))
    if node.get("type") == "object" or "properties" in node:
        return bool(node.get("properties"))
    return "type" in node or "enum" in node


def _operations(schema: dict):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("x-gateway-only"):  # the gateways' callbacks: payments tests
                yield path, method, operation


def _untyped_bodies(schema: dict, paths) -> list[str]:
    untyped = []
    for path, method, operation in _operations(schema):
        if path not in paths:
            continue
        for code, response in operation["responses"].items():
            if not code.startswith("2"):
                continue
            for media_type, content in response.get("content", {}).items():
                if not _typed(schema, content.get("schema", {})):
                    untyped.append(f"{method.upper()} {path} {code} {media_type}")
    return untyped


def test_every_success_body_is_typed(schema):
    assert _untyped_bodies(schema, schema["paths"]) == []


def test_every_operation_answers_4xx_with_the_error_envelope(schema):
    missing = []
    for path, method, operation in _operations(schema):
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        refs = {
            content.get("schema", {}).get("$ref")
            for response in errors.values()
            for content in response.get("content", {}).values()
        }
        if "4XX" not in errors or refs != {ERROR_REF}:
            missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_the_error_envelope_component_has_the_envelope_shape(schema):
    envelope = schema["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["error"]
    error = _resolve(schema, envelope["properties"]["error"])
    assert set(error["properties"]) == set(error["required"]) == {"code", "message", "details"}
