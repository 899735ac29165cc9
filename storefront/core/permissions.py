from wagtail.permission_policies import ModelPermissionPolicy


class NoAddDeletePolicy(ModelPermissionPolicy):
    """Model permissions, except nobody adds or deletes through the admin: these rows are
    created and removed by services (orders are placed, stock records follow variants)."""

    denied = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
