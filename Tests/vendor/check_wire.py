"""Checks fanout's wire-format files against the vendors' own SDK types.

usage: check_wire.py DIR [PAYLOADS_DIR]

DIR holds what fanout exported: results-FORMAT.json and tools-FORMAT.json for FORMAT in openai,
responses, anthropic, gemini. PAYLOADS_DIR holds model responses fanout imports; each must parse as
the SDK's response type. Prints one line per file checked and exits 1 at the first mismatch.
"""
import json
import sys
from pathlib import Path

from pydantic import TypeAdapter
from openai.types.chat import ChatCompletion, ChatCompletionFunctionToolParam, ChatCompletionToolMessageParam
from openai.types.responses import FunctionToolParam, Response
from openai.types.responses.response_input_param import FunctionCallOutput
from anthropic.types import Message, MessageParam, ToolParam
from anthropic.types import ToolResultBlockParam
from anthropic.types.user_message_param import UserMessageParam
from google.genai import types


def typed_dict(kind, value, where):
    """Validates `value` as the TypedDict `kind`, refusing keys the type does not declare."""
    TypeAdapter(kind).validate_python(value)
    allowed = set(kind.__required_keys__) | set(kind.__optional_keys__)
    extra = set(value) - allowed
    if extra:
        raise ValueError(f"{where}: keys {sorted(extra)} are not in {kind.__name__}")


def check_results(fmt, value):
    if fmt == "openai":
        for item in value:
            typed_dict(ChatCompletionToolMessageParam, item, "openai result")
    elif fmt == "responses":
        for item in value:
            typed_dict(FunctionCallOutput, item, "responses result")
    elif fmt == "anthropic":
        TypeAdapter(MessageParam).validate_python(value)
        typed_dict(UserMessageParam, value, "anthropic results")
        assert value["role"] == "user"
        # The content list is an Iterable, which pydantic validates lazily: check each block itself.
        for block in value["content"]:
            typed_dict(ToolResultBlockParam, block, "anthropic tool_result")
    elif fmt == "gemini":
        content = types.Content.model_validate(value)
        assert all(part.function_response is not None for part in content.parts)


def check_tools(fmt, value):
    if fmt == "openai":
        for tool in value:
            typed_dict(ChatCompletionFunctionToolParam, tool, "openai tool")
    elif fmt == "responses":
        for tool in value:
            typed_dict(FunctionToolParam, tool, "responses tool")
    elif fmt == "anthropic":
        for tool in value:
            typed_dict(ToolParam, tool, "anthropic tool")
    elif fmt == "gemini":
        for tool in value:
            types.Tool.model_validate(tool)


RESPONSES = {
    "openai-chat.json": ChatCompletion,
    "openai-responses.json": Response,
    "anthropic-message.json": Message,
    "gemini-response.json": types.GenerateContentResponse,
}


def main():
    folder = Path(sys.argv[1])
    checked = 0
    for fmt in ["openai", "responses", "anthropic", "gemini"]:
        for kind, check in [("results", check_results), ("tools", check_tools)]:
            path = folder / f"{kind}-{fmt}.json"
            check(fmt, json.loads(path.read_text()))
            print(f"ok {path.name}")
            checked += 1
    if len(sys.argv) > 2:
        for name, model in RESPONSES.items():
            model.model_validate(json.loads((Path(sys.argv[2]) / name).read_text()))
            print(f"ok {name}")
            checked += 1
    print(f"{checked} files match the SDK types")


if __name__ == "__main__":
    main()
