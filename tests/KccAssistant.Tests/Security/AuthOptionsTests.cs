using System.Security.Claims;
using KccAssistant.Web.Security;
using Microsoft.Extensions.Configuration;

namespace KccAssistant.Tests.Security;

public sealed class AuthOptionsTests
{
    private static AuthOptions Bind(Dictionary<string, string?> settings) =>
        AuthOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Bind_StringAndObjectEntries_StringIsAgentObjectHasExactlyItsRoles()
    {
        var options = Bind(new()
        {
            ["Auth:ApiKeys:0"] = "a-plain-agent-key-123456",
            ["Auth:ApiKeys:1:key"] = "an-editor-key-1234567890",
            ["Auth:ApiKeys:1:roles:0"] = "Editor",
            ["Auth:ApiKeys:1:roles:1"] = "DataScientist",
        });

        Assert.Equal(2, options.ApiKeys.Count);
        Assert.Equal(["Agent"], options.ApiKeys[0].Roles);
        Assert.Equal(["Editor", "DataScientist"], options.ApiKeys[1].Roles);
        Assert.Empty(AuthOptionsValidator.ValidateAll(options));
    }

    [Fact]
    public void Bind_EnvironmentVariableEntry_IsAnAgentKey()
    {
        var name = "KCCTEST" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(name + "Auth__ApiKeys__0", "an-environment-key-123456");
        try
        {
            var options = AuthOptions.Bind(new ConfigurationBuilder().AddEnvironmentVariables(name).Build());

            var entry = Assert.Single(options.ApiKeys);
            Assert.Equal("an-environment-key-123456", entry.Key);
            Assert.Equal(["Agent"], entry.Roles);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name + "Auth__ApiKeys__0", null);
        }
    }

    [Theory]
    [InlineData("Auth:ApiKeys:0", "short", "Auth:ApiKeys:0: the API key is shorter than 16")]
    [InlineData("Auth:ApiKeys:0", "", "Auth:ApiKeys:0: the API key is empty")]
    public void Validate_BadPlainKey_FailsNamingTheKey(string path, string key, string expected)
    {
        var failures = AuthOptionsValidator.ValidateAll(Bind(new() { [path] = key }));

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownRoleOrNoRoles_FailsNamingTheKey()
    {
        var failures = AuthOptionsValidator.ValidateAll(Bind(new()
        {
            ["Auth:ApiKeys:0:key"] = "an-editor-key-1234567890",
            ["Auth:ApiKeys:0:roles:0"] = "Redacteur",
            ["Auth:ApiKeys:1:key"] = "another-key-1234567890",
            ["Auth:Oidc:RoleMap:kcc-admins"] = "Beheerder",
        }));

        Assert.Contains(failures, f => f.StartsWith("Auth:ApiKeys:0:roles:0: unknown role 'Redacteur'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:ApiKeys:1:roles is missing", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:RoleMap:kcc-admins: unknown role 'Beheerder'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OidcWithoutClientIdOverHttp_FailsNamingTheKeys()
    {
        var failures = AuthOptionsValidator.ValidateAll(Bind(new() { ["Auth:Oidc:Authority"] = "http://idp.example/realms/kcc" }));

        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:Authority is http", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:Oidc:RoleMap is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://127.0.0.2:443", true)]
    [InlineData("http://0.0.0.0:5192", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    [InlineData("http://kcc.gemeente.nl:80", false)]
    public void IsLoopback_Address_Expected(string address, bool expected) => Assert.Equal(expected, ServerBinding.IsLoopback(address));

    [Fact]
    public void OidcRoleMapping_GroupsClaim_MapsOnlyListedValuesAndExpandsAdmin()
    {
        var oidc = new OidcOptions { RoleClaim = "groups" };
        oidc.RoleMap["0f1e-editors"] = "Editor";
        oidc.RoleMap["9a8b-admins"] = "Admin";
        var external = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "u1"), new Claim("name", "Eva"), new Claim("groups", "0f1e-editors"), new Claim("groups", "unrelated"), new Claim("roles", "Admin")],
            "oidc"));

        var user = OidcRoleMapping.Map(external, oidc);

        Assert.Equal("Eva", user.Identity!.Name);
        Assert.True(user.IsInRole("Editor"));
        // A "roles" claim is not the configured claim, and an unmapped group grants nothing.
        Assert.False(user.IsInRole("Admin"));
        Assert.False(user.IsInRole("Agent"));
    }

    [Fact]
    public void LocalSignIn_SafeReturnUrl_OnlyLocalPaths()
    {
        Assert.Equal("/bronnen", LocalSignIn.SafeReturnUrl("/bronnen"));
        Assert.Equal("/", LocalSignIn.SafeReturnUrl("//evil.example/"));
        Assert.Equal("/", LocalSignIn.SafeReturnUrl("/\\evil.example/"));
        Assert.Equal("/", LocalSignIn.SafeReturnUrl("https://evil.example/"));
    }
}
