namespace KccAssistant.Web.Security;

/// <summary>
/// Once the server is bound: refuses to run on a non-loopback address when neither OpenID Connect nor API keys are
/// configured (it would answer anyone), and warns when only keys are configured there (pages then cannot be reached).
/// The check runs after binding because only then are the real addresses known (<c>--urls</c>, Kestrel endpoints,
/// <c>http_ports</c>, ...); the app stops before it serves anything useful, since without any credentials every request
/// but <c>/healthz</c> is refused anyway.
/// </summary>
internal sealed partial class AuthStartupCheck(
    ServerBinding binding,
    Microsoft.Extensions.Options.IOptions<AuthOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AuthStartupCheck> logger) : IHostedLifecycleService
{
    /// <summary>Exit code when the app refuses to start (EX_CONFIG of sysexits.h).</summary>
    public const int RefusedExitCode = 78;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (binding.LoopbackOnly)
        {
            return Task.CompletedTask;
        }

        var addresses = string.Join(", ", binding.Addresses);
        var auth = options.Value;
        if (!auth.OidcEnabled && auth.ApiKeys.Count == 0)
        {
            LogRefused(logger, addresses);
            Environment.ExitCode = RefusedExitCode;
            lifetime.StopApplication();
        }
        else if (!auth.OidcEnabled)
        {
            LogKeysOnly(logger, addresses);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: listening on {Addresses}, which is not loopback only, without any sign-in configured. "
        + "Set Auth:Oidc:Authority (with Auth:Oidc:ClientId and Auth:Oidc:RoleMap) for the browser and/or Auth:ApiKeys for the API, "
        + "or listen on loopback only (--urls http://127.0.0.1:5080).")]
    private static partial void LogRefused(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on {Addresses} with API keys but without OpenID Connect: the API works with X-Api-Key, "
        + "but nobody can sign in to the pages; set Auth:Oidc:Authority for the browser.")]
    private static partial void LogKeysOnly(ILogger logger, string addresses);
}
