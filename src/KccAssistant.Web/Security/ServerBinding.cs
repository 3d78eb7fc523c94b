using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KccAssistant.Web.Security;

/// <summary>
/// Whether the app listens on loopback addresses only, read from the server's bound addresses (Kestrel fills them in
/// when it starts) and, before that or for an in-memory test server, from the configured <c>urls</c>.
/// </summary>
public sealed class ServerBinding(IServer server, IConfiguration configuration)
{
    /// <summary>The addresses the server listens on, or the configured ones while it has none.</summary>
    public IReadOnlyList<string> Addresses
    {
        get
        {
            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            if (bound is { Count: > 0 })
            {
                return [.. bound];
            }

            // Kestrel's default without any configuration is http://localhost:5000; an in-memory server has no address.
            var configured = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
            return configured?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        }
    }

    /// <summary>True when every address is loopback (or there is none: nothing reaches an in-memory server).</summary>
    public bool LoopbackOnly => Addresses.All(IsLoopback);

    /// <summary>
    /// Whether <paramref name="address"/> (<c>http://127.0.0.1:5080</c>, <c>http://[::1]:0</c>, <c>http://localhost:5000</c>)
    /// is reachable from this machine only. <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>, host names and other IPs are not.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var rest = address.Trim();
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            rest = rest[..slash];
        }

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? rest[1..close] : rest;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
