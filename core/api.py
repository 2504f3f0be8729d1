"""API infrastructure: pagination and one JSON shape for every error.

Every error answer looks like::

    {"status": 400, "code": "invalid", "detail": "...", "errors": {"field": ["message"]}}

``errors`` holds field-level messages (``non_field_errors`` for the whole object) and is
present for validation errors; ``detail`` is a human sentence in the user's language.
A 409 (an action the current state does not allow) adds ``current_state`` and
``allowed_transitions``.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, pagination, permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .workflow import StateConflict, user_transitions


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, StateConflict):
        return Response(
            {
                "status": 409,
                "code": "invalid_state",
                "detail": exc.message,
                "current_state": exc.current_state,
                "allowed_transitions": exc.allowed,
            },
            status=409,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    body = {"status": response.status_code, "code": "error", "detail": ""}
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        if "__all__" in errors:  # a model-level error from a service
            errors["non_field_errors"] = errors.pop("__all__")
        body.update(
            code="invalid",
            detail=_("The data sent is not valid; see the errors per field."),
            errors=errors,
        )
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else exc.default_code
        detail = exc.detail
        if isinstance(detail, dict):
            body["detail"] = str(detail.pop("detail", "")) or str(exc.default_detail)
            body.update(_flatten(detail))
        else:
            body["detail"] = str(detail)
    response.data = body
    return response


class RulesPermission(permissions.BasePermission):
    """Check a viewset action against the ``rules`` permission named in ``perms_map``.

    ``perms_map`` maps an action name to a permission; actions not listed need only an
    authenticated user. Object-level checks pass the object to the same permission, so
    views, API and admin all ask the one predicate in the app's ``rules.py``.
    """

    def _perm(self, view):
        return getattr(view, "perms_map", {}).get(getattr(view, "action", None))

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        perm = self._perm(view)
        if perm is None or view.detail:
            return True  # detail actions are checked against the object
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        return perm is None or request.user.has_perm(perm, obj)


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer of the API has this shape.",
    "required": ["status", "code", "detail"],
    "properties": {
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Field name -> messages (nested for nested fields).",
            "additionalProperties": True,
        },
        "current_state": {"type": "string"},
        "allowed_transitions": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}
ERROR_ANSWERS = {
    "400": "The data sent is not valid; `errors` names the fields. A field the operation does "
    "not know is refused too, named in `errors` (request bodies allow no other properties).",
    "401": "Not logged in (session) or no valid token.",
    "403": "Logged in, but this action is not allowed for you.",
    "404": "Does not exist, or is not visible to you.",
    "409": "Not allowed in the object's current state (`current_state`, `allowed_transitions`).",
    "415": "The body's media type is not supported.",
    "429": "Too many failed login attempts; wait before trying again.",
}


def document_error_answers(result, generator, request, public):
    """Postprocessing hook: document the one error shape on every operation, with the
    answers that operation can give."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False  # StrictFieldsMixin: unknown fields are a 400
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404"]
            if method in ("post", "put", "patch"):
                codes.append("415")
            if method in ("post", "put", "patch", "delete"):
                codes.append("409")  # a transition, or a change the object's state forbids
            if path.endswith("/auth/token/"):
                codes.append("429")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERROR_ANSWERS[code]})
            for code, answer in responses.items():
                if code.startswith("4"):
                    answer.setdefault("content", {"application/json": {"schema": reference}})
    return result


class StrictFieldsMixin:
    """A field in a write that the serializer does not know is refused (400, the field named
    in ``errors``) instead of being dropped: a client that misspells ``deadline`` learns it.

    Every serializer of the API is built on :class:`StrictSerializer` or
    :class:`StrictModelSerializer`; nested serializers check their own part of the body.
    Fields the serializer knows but only shows (``id``, ``state``) may be sent back unchanged.
    """

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            names = [name for name in data if name not in self.fields]
            if names:
                accepted = ", ".join(n for n, field in self.fields.items() if not field.read_only)
                message = _("Unknown field; this request accepts: %(fields)s.") % {
                    "fields": accepted or "-"
                }
                unknown = {name: [message] for name in names}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass


class CodeRelatedField(serializers.SlugRelatedField):
    """A related object named by its code (crebo, CBS code, sectorkamer code).

    A value with a NUL character is refused as an unknown code: PostgreSQL text cannot hold
    NUL, so looking it up would fail in the database instead of answering 400 (found by
    fuzzing)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


# Mixed into an object's serializer: ``allowed_transitions``, the transitions the requesting
# user may perform on it now (none without a request). No docstring: the schema would take it
# as the description of every serializer it is mixed into.
class AllowedTransitionsMixin(serializers.Serializer):
    allowed_transitions = serializers.SerializerMethodField()

    def get_allowed_transitions(self, instance) -> list[str]:
        request = self.context.get("request")
        return user_transitions(instance, request.user) if request else []


def validated_body(serializer_class, request) -> dict:
    """The request's body, validated by ``serializer_class`` (400 with its field errors)."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


CONFLICT_RESPONSE = OpenApiResponse(description="Not allowed in the current state (409).")


def transition_actions(workflow, response_serializer) -> dict:
    """One POST action ``.../{id}/{name}/`` per transition of ``workflow``, for a viewset's
    class body (``locals().update(transition_actions(...))``): the input is validated by the
    transition's serializer, the service decides, the answer is the object as it is now."""

    def make(transition):
        def view(self, request, pk=None):
            instance = self.get_object()
            data = validated_body(transition.serializer, request)
            workflow.perform(transition.name, actor=request.user, instance=instance, **data)
            return Response(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data)

        view.__name__ = view.__qualname__ = transition.name  # the router maps by name
        view.__doc__ = transition.description or f"Transition '{transition.name}'."
        view = action(
            detail=True,
            methods=["post"],
            url_path=transition.name.replace("_", "-"),
            url_name=transition.name,
        )(view)
        return extend_schema(
            request=transition.serializer,
            responses={200: response_serializer, 409: CONFLICT_RESPONSE},
        )(view)

    return {transition.name: make(transition) for transition in workflow.transitions}
