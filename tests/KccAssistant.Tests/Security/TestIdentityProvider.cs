using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace KccAssistant.Tests.Security;

/// <summary>
/// A real OpenID Connect provider for the tests: OpenIddict's server in degraded mode (no database; the handlers below
/// do the client checks a store would) on its own Kestrel port. Its login page has one button per test user; each
/// user carries a <c>groups</c> claim, as Entra ID sends group ids, which the app maps to roles.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "kcc-assistent";
    public const string ClientSecret = "test-client-secret-0123456789";

    /// <summary>User id, display name and group, as offered on the login page.</summary>
    public static readonly (string Id, string Name, string Group)[] Users =
    [
        ("agent", "Anna Agent", "grp-kcc-agents"),
        ("editor", "Eva Redacteur", "grp-kcc-redactie"),
        ("datascientist", "Daan Data", "grp-kcc-data"),
    ];

    private readonly WebApplication _app;
    private int _authorizationRequests;

    private TestIdentityProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>How many times a browser was sent to the authorization endpoint.</summary>
    public int AuthorizationRequests => Volatile.Read(ref _authorizationRequests);

    /// <summary>Starts the provider; <paramref name="redirectBase"/> is the only client base URL it accepts redirects to.</summary>
    public static async Task<TestIdentityProvider> StartAsync(Func<Uri> redirectBase)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            options.EnableDegradedMode();
            options.DisableTokenStorage();
            options.DisableAuthorizationStorage();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            // Without a store, the provider's own handlers must reject unknown clients and foreign redirect URIs.
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri is null || !context.RedirectUri.StartsWith(redirectBase().ToString().TrimEnd('/'), StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidRequest, "Unknown redirect_uri.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && !uri.StartsWith(redirectBase().ToString().TrimEnd('/'), StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidRequest, "Unknown post_logout_redirect_uri.");
                }

                return default;
            }));
        });

        var app = builder.Build();
        TestIdentityProvider? provider = null;
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            Interlocked.Increment(ref provider!._authorizationRequests);
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var chosen = context.Request.HasFormContentType ? context.Request.Form["test_user"].ToString() : string.Empty;
            if (Users.FirstOrDefault(u => u.Id == chosen) is not { Id: not null } user)
            {
                return Results.Content(LoginPage(request), "text/html; charset=utf-8");
            }

            var identity = new ClaimsIdentity("test-idp", Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, user.Id));
            identity.AddClaim(new Claim(Claims.Name, user.Name));
            identity.AddClaim(new Claim("groups", user.Group));
            identity.AddClaim(new Claim("groups", "grp-all-staff"));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            await Task.CompletedTask;
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], () =>
            Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new TestIdentityProvider(app, new Uri(address + "/"));
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The login page: the request's parameters posted back with the chosen user.</summary>
    private static string LoginPage(OpenIddictRequest request)
    {
        var fields = string.Concat(request.GetParameters()
            .Where(p => p.Key != "test_user")
            .Select(p => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode((string?)p.Value)}\">"));
        var buttons = string.Concat(Users.Select(u => $"<button type=\"submit\" id=\"login-{u.Id}\" name=\"test_user\" value=\"{u.Id}\">{u.Name}</button>"));
        return $"<!DOCTYPE html><html><head><title>Test IdP</title></head><body><h1 id=\"idp-login\">Test-IdP: kies een gebruiker</h1>"
            + $"<form method=\"post\" action=\"/connect/authorize\">{fields}{buttons}</form></body></html>";
    }
}
