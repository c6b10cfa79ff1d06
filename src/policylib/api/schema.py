"""The OpenAPI schema: every operation documents its errors as application/problem+json."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema

from policylib.api.problems import PROBLEM_JSON

# Codes a read cannot produce: it has no body to parse or to be of the wrong type.
NOT_FOR_READS = {"415"}


class AutoSchema(StandardizedErrorsAutoSchema):
    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if self.method in {"GET", "HEAD"}:
            if status_code in NOT_FOR_READS:
                return False
            if status_code == "400" and not self._has_query_parameters():
                return False
        return super()._should_add_error_response(responses, status_code)

    def _has_query_parameters(self) -> bool:
        return any(parameter["in"] == "query" for parameter in self._get_parameters())

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        if str(status_code)[:1] in {"4", "5"}:
            media_types = [PROBLEM_JSON]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)
