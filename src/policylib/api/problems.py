"""Errors as problem details (RFC 9457), media type application/problem+json.

drf-standardized-errors catches every exception in an API view (Django's Http404 and
PermissionDenied included, and unexpected ones as a 500 that still reaches the error log and
`got_request_exception`); this module only shapes its output:

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "Not found.", "instance": "/api/v1/documents/7/", "code": "not_found"}

A 400 from validation also lists every problem in `errors`, each with `code`, `detail` and
`attr` (the field, dotted for nested values).
"""

from dataclasses import asdict
from http import HTTPStatus

from drf_standardized_errors.formatter import ExceptionFormatter, flatten_errors
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

PROBLEM_JSON = "application/problem+json"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The document is not in a state that allows this."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The file is too large."
    default_code = "too_large"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is unavailable. Please try again in a minute."
    default_code = "unavailable"


def _title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


class ProblemFormatter(ExceptionFormatter):
    """Turns a DRF exception into an RFC 9457 problem details object."""

    def run(self) -> dict:
        status_code = self.exc.status_code
        request = self.context.get("request")
        problem = {
            "type": "about:blank",
            "title": _title(status_code),
            "status": status_code,
            "detail": "",
            "instance": request.path if request is not None else "",
        }
        errors = flatten_errors(self.exc.detail)
        if isinstance(self.exc, exceptions.ValidationError):
            problem["code"] = "invalid"
            problem["errors"] = [asdict(error) for error in errors]
            problem["detail"] = _validation_summary(errors)
        else:
            first = errors[0] if errors else None
            problem["code"] = first.code if first else self.exc.default_code
            problem["detail"] = first.detail if first else str(self.exc.default_detail)
        return problem


def _validation_summary(errors) -> str:
    if len(errors) == 1:
        error = errors[0]
        return f"{error.attr}: {error.detail}" if error.attr else error.detail
    return f"The request has {len(errors)} problems; see `errors`."


class ProblemHandler(ExceptionHandler):
    """Serves problem details with their own media type, whatever the client accepts."""

    def get_response(self, exc: exceptions.APIException, data: dict) -> Response:
        return Response(
            data, status=exc.status_code, headers=self.get_headers(exc), content_type=PROBLEM_JSON
        )


class ProblemSerializer(serializers.Serializer):
    """What the schema says an error looks like."""

    type = serializers.CharField(help_text="A URI reference that names the problem type.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    instance = serializers.CharField(help_text="The path of the request.")
    code = serializers.CharField(help_text='A short machine-readable code, e.g. "not_found".')


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True, help_text="The field, dotted when nested.")


class ValidationProblemSerializer(ProblemSerializer):
    errors = FieldErrorSerializer(many=True, required=False)
