using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace KccAssistant.Web.Security;

/// <summary>
/// Sign-in and roles (DESIGN.md §4, Authentication): <c>/api/*</c> by <c>X-Api-Key</c> only, pages by a cookie from
/// OpenID Connect or, on loopback without OIDC, from the local sign-in page; everything else requires a signed-in
/// user except <c>/healthz*</c> and the sign-in flow.
/// </summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>Routes each request to the API-key or the cookie scheme by path.</summary>
    public const string SelectorScheme = "Kcc";

    /// <summary>The browser session.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The identity provider.</summary>
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>Where anonymous browsers are sent.</summary>
    public const string SignInPath = "/aanmelden";

    /// <summary>Registers authentication, the policies and the start-up check; reads the <c>Auth</c> section.</summary>
    public static IServiceCollection AddKccAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Bound from the final configuration when first needed, so test hosts and command-line settings all count.
        services.AddOptions<AuthOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var bound = AuthOptions.Bind(configuration);
                options.ApiKeys = bound.ApiKeys;
                options.Oidc = bound.Oidc;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<ServerBinding>();
        services.AddSingleton<LocalSignIn>();
        services.AddHostedService<AuthStartupCheck>();
        services.AddCascadingAuthenticationState();

        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Kcc", options =>
                options.ForwardDefaultSelector = context => IsApi(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<AuthOptions>>(ConfigureCookie);

        // The handler looks at every request for its callback path, so it exists only when an identity provider is set.
        if (AuthOptions.Bind(configuration).OidcEnabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<AuthOptions>>(ConfigureOidc);
        }

        services.AddAuthorizationBuilder()
            // Admin is expanded into every role when a principal is made (KccRoles.Claims), so one role per policy.
            .AddPolicy(KccPolicies.Ask, policy => policy.RequireRole(KccRoles.Agent))
            .AddPolicy(KccPolicies.SourcesRead, policy => policy.RequireRole(KccRoles.Editor, KccRoles.DataScientist))
            .AddPolicy(KccPolicies.Ingest, policy => policy.RequireRole(KccRoles.Editor))
            .AddPolicy(KccPolicies.Status, policy => policy.RequireRole(KccRoles.Editor, KccRoles.DataScientist))
            .AddPolicy(KccPolicies.Evaluation, policy => policy.RequireRole(KccRoles.DataScientist))
            .AddPolicy(KccPolicies.ContentGaps, policy => policy.RequireRole(KccRoles.Editor))
            // Anything without its own policy (other pages, the Blazor hub, unknown paths) needs a signed-in user;
            // /healthz* stays open by path so health endpoints added elsewhere need no attribute of their own, and so
            // does the framework's script under /_framework (public code, mapped by the components, not as a static
            // asset); the Blazor hub (/_blazor) is not.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context =>
                    context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http
                        && (http.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
                            || (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)))))
                .Build());
        return services;
    }

    /// <summary>Authentication, authorization and the sign-in endpoints; call before antiforgery.</summary>
    public static WebApplication UseKccAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/aanmelden/oidc", (string? returnUrl, IOptions<AuthOptions> options) =>
            options.Value.OidcEnabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalSignIn.SafeReturnUrl(returnUrl) }, [OidcScheme])
                : Results.NotFound())
            .AllowAnonymous();

        app.MapPost("/aanmelden/lokaal", async ([FromForm] string? returnUrl, LocalSignIn local, HttpContext context) =>
        {
            if (!local.Available)
            {
                return Results.NotFound();
            }

            await context.SignInAsync(CookieScheme, LocalSignIn.Principal());
            return Results.LocalRedirect(LocalSignIn.SafeReturnUrl(returnUrl));
        })
            .AllowAnonymous()
            .WithMetadata(new RequireAntiforgeryTokenAttribute());

        app.MapPost("/afmelden", (IOptions<AuthOptions> options) =>
        {
            // Signing out at the identity provider too, or the next visit would sign straight back in.
            var properties = new AuthenticationProperties { RedirectUri = "/" };
            return options.Value.OidcEnabled
                ? Results.SignOut(properties, [CookieScheme, OidcScheme])
                : Results.SignOut(new AuthenticationProperties { RedirectUri = SignInPath }, [CookieScheme]);
        })
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static void ConfigureCookie(CookieAuthenticationOptions options, IOptions<AuthOptions> auth)
    {
        options.Cookie.Name = "kcc.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.LoginPath = SignInPath;
        options.LogoutPath = "/afmelden";
        options.ExpireTimeSpan = TimeSpan.FromHours(10);
        options.SlidingExpiration = true;
        if (auth.Value.OidcEnabled)
        {
            options.ForwardChallenge = OidcScheme;
        }

        // A signed-in user without the role gets a plain 403 page instead of a redirect to a page that does not exist.
        options.Events.OnRedirectToAccessDenied = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Geen toegang – KCC-assistent</title>"
                + "<link rel=\"stylesheet\" href=\"/lib/bootstrap/dist/css/bootstrap.min.css\"></head><body class=\"p-4\">"
                + "<h1>Geen toegang</h1><p>U heeft niet de rol die voor deze pagina nodig is. Ga terug naar <a href=\"/\">Vraag stellen</a>.</p>"
                + "</body></html>",
                context.HttpContext.RequestAborted);
        };
    }

    private static void ConfigureOidc(OpenIdConnectOptions options, IOptions<AuthOptions> auth)
    {
        var oidc = auth.Value.Oidc;
        if (!auth.Value.OidcEnabled)
        {
            return;
        }

        options.SignInScheme = CookieScheme;
        options.Authority = oidc.Authority;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = string.IsNullOrWhiteSpace(oidc.ClientSecret) ? null : oidc.ClientSecret;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        // The code comes back in the query of a top-level GET, so the Lax correlation cookies are sent with it;
        // form_post would need SameSite=None cookies, which browsers drop over http and many proxies mangle.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.Scope.Clear();
        options.Scope.Add("openid");
        foreach (var scope in oidc.Scopes.Count > 0 ? oidc.Scopes : ["profile"])
        {
            options.Scope.Add(scope);
        }

        if (oidc.CallbackPath is { Length: > 0 } callback)
        {
            options.CallbackPath = callback;
        }

        if (oidc.SignedOutCallbackPath is { Length: > 0 } signedOut)
        {
            options.SignedOutCallbackPath = signedOut;
        }

        options.Events.OnTokenValidated = context =>
        {
            context.Principal = OidcRoleMapping.Map(context.Principal!, oidc);
            return Task.CompletedTask;
        };
    }
}

/// <summary>Turns the identity provider's claims into the app's principal: a name, and role claims via <c>RoleMap</c>.</summary>
public static class OidcRoleMapping
{
    /// <summary>
    /// Maps <paramref name="external"/>. Only the name claims and the mapped roles are kept: Entra can send hundreds of
    /// group ids, which would bloat the cookie for nothing.
    /// </summary>
    public static ClaimsPrincipal Map(ClaimsPrincipal external, OidcOptions options)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(options);
        var roles = external.FindAll(options.RoleClaim)
            .Select(claim => options.RoleMap.TryGetValue(claim.Value, out var role) ? KccRoles.Normalize(role) : null)
            .OfType<string>();
        var identity = new ClaimsIdentity(AuthServiceCollectionExtensions.OidcScheme, ClaimTypes.Name, ClaimTypes.Role);
        var name = external.FindFirst("name")?.Value ?? external.FindFirst("preferred_username")?.Value ?? external.FindFirst("email")?.Value
            ?? external.FindFirst("sub")?.Value ?? "onbekend";
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        if (external.FindFirst("sub") is { } subject)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value));
        }

        // Kept for the sign-out request to the identity provider (id_token_hint is not stored, sid helps some IdPs).
        if (external.FindFirst("sid") is { } session)
        {
            identity.AddClaim(new Claim("sid", session.Value));
        }

        identity.AddClaims(KccRoles.Claims(roles));
        return new ClaimsPrincipal(identity);
    }
}
