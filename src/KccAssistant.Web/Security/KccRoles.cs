using System.Security.Claims;

namespace KccAssistant.Web.Security;

/// <summary>The four roles of DESIGN.md §4 and the policies built from them.</summary>
public static class KccRoles
{
    /// <summary>Asks questions and gives feedback.</summary>
    public const string Agent = "Agent";

    /// <summary>Manages sources: the Bronnen page, re-ingestion, status, content gaps.</summary>
    public const string Editor = "Editor";

    /// <summary>Evaluation and exports; may read the Bronnen page and the status.</summary>
    public const string DataScientist = "DataScientist";

    /// <summary>Everything: an Admin holds every other role as well.</summary>
    public const string Admin = "Admin";

    /// <summary>All roles, in the order they are documented.</summary>
    public static IReadOnlyList<string> All { get; } = [Agent, Editor, DataScientist, Admin];

    /// <summary>The canonical spelling of <paramref name="role"/>, or null when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Role claims for <paramref name="roles"/>, with Admin expanded to every role: expanding once when the principal is
    /// made keeps every policy and every <c>IsInRole</c> check in the handlers a plain single-role test.
    /// </summary>
    public static IEnumerable<Claim> Claims(IEnumerable<string> roles)
    {
        var set = new HashSet<string>(roles, StringComparer.Ordinal);
        if (set.Contains(Admin))
        {
            set.UnionWith(All);
        }

        return All.Where(set.Contains).Select(role => new Claim(ClaimTypes.Role, role));
    }

    /// <summary>The most privileged role of <paramref name="user"/>: what stored records name instead of the person.</summary>
    public static string MostPrivileged(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new[] { Admin, Editor, DataScientist, Agent }.FirstOrDefault(user.IsInRole) ?? "onbekend";
    }
}

/// <summary>Authorization policy names; pages and endpoints name these, never roles directly.</summary>
public static class KccPolicies
{
    /// <summary>Ask page, source documents, /api/ask and /api/ask/stream, feedback.</summary>
    public const string Ask = "kcc:ask";

    /// <summary>Reading the Bronnen page: editors, and data scientists who check the "geen antwoord" model there.</summary>
    public const string SourcesRead = "kcc:sources-read";

    /// <summary>Re-ingestion from the API or the Bronnen page.</summary>
    public const string Ingest = "kcc:ingest";

    /// <summary>/api/status: paths, errors and the no-answer model, for editors and data scientists.</summary>
    public const string Status = "kcc:status";

    /// <summary>Evaluation and exports.</summary>
    public const string Evaluation = "kcc:evaluation";

    /// <summary>The Inhoudshiaten page, its done marks and its CSV export: editors only.</summary>
    public const string ContentGaps = "kcc:content-gaps";
}
