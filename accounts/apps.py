from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in and accounts"

    def ready(self) -> None:
        # Connected after django-axes' own receivers (axes is earlier in INSTALLED_APPS), so a failed
        # sign-in already knows whether it locked the name or address out.
        from accounts import receivers  # noqa: F401
        from accounts.home import AccountsPlugin
        from portal import extensions

        extensions.register(AccountsPlugin())
