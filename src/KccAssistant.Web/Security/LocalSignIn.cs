using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Security;

/// <summary>
/// The "Lokaal aanmelden" button for trying the app out: a local user with every role, offered only while no identity
/// provider is configured and the app listens on loopback only, whether or not API keys are set.
/// </summary>
public sealed class LocalSignIn(ServerBinding binding, IOptions<AuthOptions> options)
{
    /// <summary>Whether the local sign-in is offered right now.</summary>
    public bool Available => !options.Value.OidcEnabled && binding.LoopbackOnly;

    /// <summary>Whether an identity provider is configured.</summary>
    public bool OidcEnabled => options.Value.OidcEnabled;

    /// <summary>The local user.</summary>
    public static ClaimsPrincipal Principal()
    {
        var identity = new ClaimsIdentity("Local", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "Lokale gebruiker"));
        identity.AddClaims(KccRoles.Claims([KccRoles.Admin]));
        return new ClaimsPrincipal(identity);
    }

    /// <summary><paramref name="returnUrl"/> when it stays on this site, else <c>/</c>: no open redirect through sign-in.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/";
}
