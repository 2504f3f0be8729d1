from django.core.wsgi import get_wsgi_application

from kansrijk_site.settings.environment import load_settings

load_settings("kansrijk_site.settings.production")


application = get_wsgi_application()
