using System.Text.RegularExpressions;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Decides from an item's metadata whether it may be indexed: only active, public items are. Field names are
/// matched case-insensitively; the same rules apply to JSON items and to Markdown front matter.
/// </summary>
internal static partial class PublicationPolicy
{
    private static readonly string[] SecretFlags = ["vertrouwelijk", "confidential", "geheim", "intern", "internal", "alleenIntern", "internOnly"];
    private static readonly string[] PublicFlags = ["openbaar", "publiek", "public", "isPublic"];
    private static readonly string[] ClassificationFields = ["vertrouwelijkheidaanduiding", "vertrouwelijkheid", "confidentiality"];
    private static readonly string[] VisibilityFields = ["zichtbaarheid", "visibility", "toegang"];
    private static readonly string[] AudienceFields = ["doelgroep", "doelgroepen", "audience"];
    private static readonly string[] InternalVisibilities = ["intern", "interne", "internal", "private", "prive", "privé", "besloten", "medewerkers"];

    private static readonly HashSet<string> InactiveStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "non-actief", "nonactief", "niet-actief", "niet actief", "inactief", "inactive", "not active",
        "concept", "draft", "gearchiveerd", "archief", "archived", "ingetrokken", "withdrawn", "retracted",
        "verlopen", "expired", "vervallen", "verwijderd", "deleted", "offline", "depublished", "gedepubliceerd",
    };

    private static readonly HashSet<string> ConfidentialStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "intern", "internal", "vertrouwelijk", "confidential", "geheim",
    };

    /// <summary>Why the item is confidential (names the field, never content), or null when it is public.</summary>
    /// <param name="values">The values of a field by name: scalars as one string, booleans as "true"/"false".</param>
    public static string? ConfidentialReason(Func<string, IReadOnlyList<string>> values)
    {
        foreach (var field in SecretFlags)
        {
            if (values(field).Any(v => JsonFields.ParseFlag(v) == true))
            {
                return $"marked {field}";
            }
        }

        foreach (var field in PublicFlags)
        {
            if (values(field).Any(v => JsonFields.ParseFlag(v) == false))
            {
                return $"marked {field}: false";
            }
        }

        foreach (var field in ClassificationFields)
        {
            var found = values(field);
            var classification = found.Count > 0 ? found[0] : null;
            if (classification is not null && !classification.Equals("openbaar", StringComparison.OrdinalIgnoreCase)
                && !classification.Equals("public", StringComparison.OrdinalIgnoreCase)
                && JsonFields.ParseFlag(classification) is null)
            {
                return $"{field} is not openbaar";
            }
        }

        foreach (var field in VisibilityFields)
        {
            if (values(field).Any(v => InternalVisibilities.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase)))
            {
                return $"{field} is internal";
            }
        }

        foreach (var field in AudienceFields)
        {
            if (values(field).Any(v => InternalAudience().IsMatch(v)))
            {
                return $"{field} is internal";
            }
        }

        return values("status").Any(ConfidentialStatuses.Contains) ? "status is internal" : null;
    }

    /// <summary>Why the item is not active (status value or flag), or null when it is active.</summary>
    public static string? InactiveReason(Func<string, IReadOnlyList<string>> values)
    {
        foreach (var status in values("status"))
        {
            if (InactiveStatuses.Contains(status.Trim()))
            {
                return $"status {Truncate(status.Trim())}";
            }
        }

        foreach (var field in (string[])["actief", "active", "gepubliceerd", "published"])
        {
            if (values(field).Any(v => JsonFields.ParseFlag(v) == false))
            {
                return $"marked {field}: false";
            }
        }

        return values("draft").Any(v => JsonFields.ParseFlag(v) == true) ? "marked draft" : null;
    }

    /// <summary>Why a record is outside its validity period (Objecten API startAt/endAt), or null.</summary>
    public static string? ValidityReason(DateTimeOffset? startAt, DateTimeOffset? endAt, DateTimeOffset now)
    {
        if (endAt is { } end && end <= now)
        {
            return $"ended at {end:yyyy-MM-dd}";
        }

        return startAt is { } start && start > now ? $"starts at {start:yyyy-MM-dd}" : null;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40];

    // "intern", "interne medewerkers", "kcc-intern"; not "internationale studenten".
    [GeneratedRegex(@"(?<![\p{L}])(intern|interne|internal|medewerkers intern)(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InternalAudience();
}
