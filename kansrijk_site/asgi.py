from django.core.asgi import get_asgi_application

from kansrijk_site.settings.environment import load_settings

load_settings("kansrijk_site.settings.production")


application = get_asgi_application()
