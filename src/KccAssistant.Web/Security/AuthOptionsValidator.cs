using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Security;

/// <summary>
/// Checks the <c>Auth</c> section at start; every message names the key. Empty keys, keys shorter than
/// <see cref="AuthOptions.MinimumKeyLength"/>, duplicate keys and unknown role names fail the start rather than warn:
/// a key that silently grants nothing, or anything, is worse than an app that does not start.
/// </summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = ValidateAll(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems of <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> ValidateAll(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in options.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                failures.Add($"{entry.Path}: the API key is empty (a string, or an object with \"key\" and \"roles\").");
                continue;
            }

            if (entry.Key.Trim().Length < AuthOptions.MinimumKeyLength)
            {
                failures.Add($"{entry.Path}: the API key is shorter than {AuthOptions.MinimumKeyLength} characters (make one with: openssl rand -hex 32).");
            }

            if (!seen.Add(entry.Key.Trim()))
            {
                failures.Add($"{entry.Path}: the same API key is configured twice.");
            }

            if (!entry.RolesGiven || entry.Roles.Count == 0)
            {
                failures.Add($"{entry.Path}:roles is missing: an object entry grants exactly the roles it names ({string.Join(", ", KccRoles.All)}).");
            }

            for (var i = 0; i < entry.Roles.Count; i++)
            {
                if (KccRoles.Normalize(entry.Roles[i]) is null)
                {
                    failures.Add($"{entry.Path}:roles:{i}: unknown role '{entry.Roles[i]}' (use {string.Join(", ", KccRoles.All)}).");
                }
            }
        }

        ValidateOidc(options.Oidc, options.OidcEnabled, failures);
        return failures;
    }

    private static void ValidateOidc(OidcOptions oidc, bool enabled, List<string> failures)
    {
        const string Section = "Auth:Oidc";
        foreach (var (claim, role) in oidc.RoleMap)
        {
            if (KccRoles.Normalize(role) is null)
            {
                failures.Add($"{Section}:RoleMap:{claim}: unknown role '{role}' (use {string.Join(", ", KccRoles.All)}).");
            }
        }

        if (!enabled)
        {
            return;
        }

        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Section}:Authority '{oidc.Authority}' must be an absolute https URL of the identity provider.");
        }
        else if (authority.Scheme == "http" && oidc.RequireHttpsMetadata)
        {
            failures.Add($"{Section}:Authority is http: use https, or set {Section}:RequireHttpsMetadata to false for an identity provider on loopback.");
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            failures.Add($"{Section}:ClientId is required when {Section}:Authority is set.");
        }

        if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
        {
            failures.Add($"{Section}:RoleClaim is required when {Section}:Authority is set (roles, groups, ...).");
        }

        if (oidc.RoleMap.Count == 0)
        {
            failures.Add($"{Section}:RoleMap is empty: map at least one value of the '{oidc.RoleClaim}' claim to a role, or nobody gets access.");
        }

        foreach (var (key, path) in new[] { ("CallbackPath", oidc.CallbackPath), ("SignedOutCallbackPath", oidc.SignedOutCallbackPath) })
        {
            if (path is { Length: > 0 } && !path.StartsWith('/'))
            {
                failures.Add($"{Section}:{key} '{path}' must start with '/'.");
            }
        }
    }
}
