namespace KccAssistant.Web.Security;

/// <summary>
/// The <c>Auth</c> section at the root of the configuration. Bound by hand (<see cref="Bind"/>) because
/// <c>Auth:ApiKeys</c> mixes plain strings and objects, which the configuration binder cannot.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>Shortest accepted API key: shorter keys can be guessed by anyone who can reach the port.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>API keys for <c>X-Api-Key</c>.</summary>
    public IReadOnlyList<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>OpenID Connect for the browser; off while <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Whether an identity provider is configured.</summary>
    public bool OidcEnabled => !string.IsNullOrWhiteSpace(Oidc.Authority);

    /// <summary>Reads <c>Auth</c> from <paramref name="configuration"/>.</summary>
    public static AuthOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var keys = new List<ApiKeyEntry>();
        foreach (var entry in section.GetSection("ApiKeys").GetChildren())
        {
            // A string entry (also Auth__ApiKeys__0=... from the environment) is a section with a value and no children.
            // Decided by the children, not the value: some hosts (WebApplicationFactory settings) give parent keys an
            // empty value as well.
            if (!entry.GetChildren().Any())
            {
                keys.Add(new ApiKeyEntry(entry.Path, entry.Value ?? string.Empty, [KccRoles.Agent], RolesGiven: true));
                continue;
            }

            var roles = entry.GetSection("roles");
            var children = roles.GetChildren().ToList();
            List<string> names = children.Count > 0 ? [.. children.Select(r => r.Value ?? string.Empty)] : roles.Value is { Length: > 0 } single ? [single] : [];
            keys.Add(new ApiKeyEntry(entry.Path, entry["key"] ?? string.Empty, names, RolesGiven: roles.Exists()));
        }

        var oidc = new OidcOptions();
        section.GetSection("Oidc").Bind(oidc);
        return new AuthOptions { ApiKeys = keys, Oidc = oidc };
    }
}

/// <summary>One configured API key.</summary>
/// <param name="Path">Its configuration path, e.g. <c>Auth:ApiKeys:2</c>, for messages (never the key itself).</param>
/// <param name="Key">The secret.</param>
/// <param name="Roles">The roles as configured.</param>
/// <param name="RolesGiven">Whether the entry named its roles.</param>
public sealed record ApiKeyEntry(string Path, string Key, IReadOnlyList<string> Roles, bool RolesGiven);

/// <summary><c>Auth:Oidc</c>: the municipality's identity provider (Entra ID, Keycloak, ...).</summary>
public sealed class OidcOptions
{
    /// <summary>Issuer URL, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The app's client id at the identity provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (confidential client); empty for a public client with PKCE only.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes besides <c>openid</c>; default <c>profile</c>.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Which claim of the ID token carries the roles or groups: <c>roles</c> (Entra app roles), <c>groups</c>, ...</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim value (group id, IdP role) to app role. Values not listed grant nothing.</summary>
    public IDictionary<string, string> RoleMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the identity provider returns the browser; default <c>/signin-oidc</c>.</summary>
    public string? CallbackPath { get; set; }

    /// <summary>Where the identity provider returns after sign-out; default <c>/signout-callback-oidc</c>.</summary>
    public string? SignedOutCallbackPath { get; set; }

    /// <summary>Require https for the metadata; turn off only for an identity provider on loopback http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
