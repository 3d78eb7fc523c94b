using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Security;

/// <summary>
/// The configured API keys as SHA-256 hashes. A presented key is hashed and compared with every configured hash in
/// constant time, so neither the comparison nor which entry matched shows in the timing, and the keys themselves are
/// not kept around in a form that ends up in a log or dump by accident.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Hash, IReadOnlyList<Claim> Roles, string Name)[] _keys;

    /// <summary>Hashes the keys of <paramref name="options"/>.</summary>
    public ApiKeyRing(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k.Key))
            .Select(k => (Hash(k.Key.Trim()), (IReadOnlyList<Claim>)[.. KccRoles.Claims(k.Roles.Select(KccRoles.Normalize).OfType<string>())], k.Path))];
    }

    /// <summary>Whether any key is configured.</summary>
    public bool Any => _keys.Length > 0;

    /// <summary>The matching entry's configuration path and role claims, or null.</summary>
    public (string Name, IReadOnlyList<Claim> Roles)? Find(string presented)
    {
        var hash = Hash(presented);
        (string, IReadOnlyList<Claim>)? found = null;
        foreach (var key in _keys)
        {
            // No early exit: every entry is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = (key.Name, key.Roles);
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>
/// <c>X-Api-Key</c> for <c>/api/*</c>. No header: no result (the authorization middleware then challenges); a wrong
/// key: failure. Challenge and forbid answer with a ProblemDetails, never a redirect, before the endpoint reads a body.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The request header.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count > 1 || keys.Find(values[0]!.Trim()) is not { } match)
        {
            LogWrongKey(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, $"api-key {match.Name}"));
        identity.AddClaims(match.Roles);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Niet aangemeld", $"Stuur een geldige API-sleutel in de header {HeaderName}.");

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Geen toegang", "Deze API-sleutel heeft niet de rol die hiervoor nodig is.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = HeaderName;
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }))
        {
            await Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", Context.RequestAborted);
        }
    }

    // The key is never logged, only that one was wrong and where.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to {Path} with an unknown API key")]
    private static partial void LogWrongKey(ILogger logger, PathString path);
}
