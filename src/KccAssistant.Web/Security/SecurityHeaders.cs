namespace KccAssistant.Web.Security;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline script, no sniffing, no framing and
/// a referrer policy that keeps the app's paths (and questions in them) from other sites.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The policy for this app. Blazor Server needs no inline script (the import map is left out of App.razor for
    /// that reason) and connects its WebSocket to the same origin, which 'self' covers in current browsers. Styles
    /// allow 'unsafe-inline' because Blazor and Bootstrap set style attributes. Sign-out is a form POST that the
    /// identity provider receives, so its origin is a valid form target.
    /// </summary>
    public static string ContentSecurityPolicy(string? oidcAuthority)
    {
        var formAction = "'self'";
        if (Uri.TryCreate(oidcAuthority, UriKind.Absolute, out var authority)
            && (authority.Scheme == Uri.UriSchemeHttps || authority.Scheme == Uri.UriSchemeHttp))
        {
            formAction += " " + authority.GetLeftPart(UriPartial.Authority);
        }

        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            + $"form-action {formAction}";
    }

    /// <summary>Nothing to register: the policy is built from <c>Auth:Oidc:Authority</c> when the app starts.</summary>
    public static IServiceCollection AddKccSecurityHeaders(this IServiceCollection services) => services;

    /// <summary>Adds the headers to every response, error pages and API problems included.</summary>
    public static IApplicationBuilder UseKccSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var policy = ContentSecurityPolicy(configuration["Auth:Oidc:Authority"]);
        return app.Use((context, next) =>
        {
            // Set when the response starts: exception handlers clear headers set earlier.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
