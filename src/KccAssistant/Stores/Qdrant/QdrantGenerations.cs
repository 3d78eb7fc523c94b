namespace KccAssistant.Stores.Qdrant;

/// <summary>
/// Which of a tenant's generation collections may go. Pure, so the rules are tested without a server: the serving
/// collection always stays; a newer one than the serving generation is what a run that died left behind (only called
/// while holding the writer lease, so nobody is still writing it); an older one stays for the grace period after it was
/// replaced, for readers that resolved the alias just before the switch.
/// </summary>
public static class QdrantGenerations
{
    /// <summary>The collections of <paramref name="names"/>'s tenant to remove now.</summary>
    /// <param name="collections">All collection names on the server (other tenants' and strangers' are ignored).</param>
    /// <param name="names">The tenant's names.</param>
    /// <param name="serving">The generation the alias points to; 0 when none.</param>
    /// <param name="writing">The generation being written by the lease holder (kept); 0 when none.</param>
    /// <param name="replacedAt">When a generation stopped serving; null when unknown (never committed, or its record is gone).</param>
    /// <param name="now">The time now.</param>
    /// <param name="grace">How long a replaced generation stays.</param>
    public static IReadOnlyList<string> CollectionsToRemove(
        IEnumerable<string> collections, QdrantNames names, long serving, long writing, Func<long, DateTimeOffset?> replacedAt, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(replacedAt);
        var remove = new List<string>();
        foreach (var collection in collections)
        {
            if (names.GenerationOf(collection) is not { } generation || generation == serving || generation == writing)
            {
                continue;
            }

            if (generation > serving)
            {
                remove.Add(collection);
            }
            else if (replacedAt(generation) is not { } replaced || now - replaced >= grace)
            {
                remove.Add(collection);
            }
        }

        return remove;
    }

    /// <summary>The number of the next generation: above every number in use or handed out before.</summary>
    public static long Next(IEnumerable<string> collections, QdrantNames names, long serving, long lastHandedOut)
    {
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(names);
        var highest = collections.Select(names.GenerationOf).Where(g => g is not null).Select(g => g!.Value).DefaultIfEmpty(0).Max();
        return Math.Max(Math.Max(highest, serving), lastHandedOut) + 1;
    }
}
