using System.Globalization;
using System.Text.RegularExpressions;

namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// How a tenant's data is named on a Qdrant server: generation <c>n</c> of tenant <c>t</c> is the collection
/// <c>{prefix}{t}-g{n}</c>, readers go through the alias <c>{prefix}{t}</c>, and writers coordinate through the lease
/// collection <c>{prefix}{t}-lease</c>. Every name of a tenant starts with its alias name followed by '-', and tenant
/// names cannot contain '-g' followed by digits only at the end, so one tenant's names never parse as another's.
/// </summary>
public sealed partial class QdrantNames
{
    /// <summary>Names for <paramref name="tenant"/> under <paramref name="prefix"/>.</summary>
    public QdrantNames(string prefix, string tenant)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"Ongeldig collectievoorvoegsel '{prefix}'.", nameof(prefix));
        }

        if (!IsValidTenant(tenant))
        {
            throw new ArgumentException($"Ongeldige tenant '{tenant}'.", nameof(tenant));
        }

        Prefix = prefix;
        Tenant = tenant;
        Alias = prefix + tenant;
    }

    /// <summary>The collection prefix.</summary>
    public string Prefix { get; }

    /// <summary>The tenant (municipality).</summary>
    public string Tenant { get; }

    /// <summary>The alias readers search: always the tenant's committed generation.</summary>
    public string Alias { get; }

    /// <summary>The collection that holds the writer lease and the generation counter.</summary>
    public string LeaseCollection => Alias + "-lease";

    /// <summary>The collection of one generation.</summary>
    public string Collection(long generation) =>
        generation > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Alias}-g{generation}") : throw new ArgumentOutOfRangeException(nameof(generation));

    /// <summary>The generation of a collection name of this tenant; null for any other name (another tenant's, the lease, a stranger's).</summary>
    public long? GenerationOf(string collectionName)
    {
        ArgumentNullException.ThrowIfNull(collectionName);
        var start = Alias + "-g";
        if (!collectionName.StartsWith(start, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = collectionName.AsSpan(start.Length);
        return digits.Length is > 0 and <= 18 && digits[0] != '0' && AllDigits(digits)
            ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>A tenant: 1–40 lower-case letters, digits and single '-' between them, not ending in '-g' plus digits.</summary>
    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: > 0 and <= 40 } && TenantPattern().IsMatch(tenant) && !GenerationSuffix().IsMatch(tenant) && !tenant.EndsWith("-lease", StringComparison.Ordinal);

    /// <summary>A prefix: up to 40 lower-case letters, digits, '-' and '_'.</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is { Length: <= 40 } && PrefixPattern().IsMatch(prefix);

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex TenantPattern();

    // A tenant named "a-g1" would make "kcc-a-g1" both its alias and generation 1 of tenant "a".
    [GeneratedRegex("-g[0-9]+($|-)")]
    private static partial Regex GenerationSuffix();

    [GeneratedRegex("^[a-z0-9_-]*$")]
    private static partial Regex PrefixPattern();
}
