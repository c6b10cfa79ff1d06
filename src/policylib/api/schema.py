"""The OpenAPI schema: every operation documents its errors as application/problem+json."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from rest_framework import serializers

from policylib.api.problems import PROBLEM_JSON

READS = {"GET", "HEAD", "OPTIONS"}
# DRF refuses text with a NUL character (PostgreSQL cannot store one); the schema says so.
NO_NUL = "^[^\\x00]*$"
# Codes a read cannot produce: it has no body to parse or to be of the wrong type.
NOT_FOR_READS = {"415"}


class AutoSchema(StandardizedErrorsAutoSchema):
    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if self.method in READS:
            if status_code in NOT_FOR_READS:
                return False
            if status_code == "400" and not self._has_query_parameters():
                return False
        return super()._should_add_error_response(responses, status_code)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField | serializers.SlugRelatedField)
            and schema.get("type") == "string"
            and not {"format", "enum", "pattern"} & set(schema)
        ):
            schema["pattern"] = NO_NUL
        return schema

    def get_auth(self) -> list[dict]:
        # As policylib.api.permissions: reads need no credentials; changes need a token.
        auths = super().get_auth()
        if self.method in READS:
            return [*(auth for auth in auths if auth), {}]
        return [auth for auth in auths if "knoxApiToken" in auth]

    def _has_query_parameters(self) -> bool:
        return any(parameter["in"] == "query" for parameter in self._get_parameters())

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        if str(status_code)[:1] in {"4", "5"}:
            media_types = [PROBLEM_JSON]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)
