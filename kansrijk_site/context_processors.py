from .navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    from notifications.selectors import attention_count, unread_count

    return {
        "navigation": navigation_for(user, request.path),
        "unread": unread_count(user),
        "attention_count": attention_count(user),
    }
