using KccAssistant.Stores;

namespace KccAssistant.Web.Components;

/// <summary>How the pages read the store when its database may be corrupt: a Dutch message instead of a broken page.</summary>
internal static class IndexAvailability
{
    /// <summary>Shown on the pages; the file and what to do are in the log, for the administrator.</summary>
    public const string Message = "De index kan op dit moment niet worden gelezen, dus er kunnen geen vragen worden beantwoord. " +
        "De beheerder vindt in het log welk bestand beschadigd is en hoe het te herstellen is (een back-up terugzetten of opnieuw inlezen).";

    /// <summary>The store's info, or null with <c>Unavailable</c> set when its database cannot be read.</summary>
    public static async Task<(StoreInfo? Info, bool Unavailable)> InfoAsync(IKnowledgeStore store, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await store.GetInfoAsync(cancellationToken), false);
        }
        catch (KnowledgeStoreUnavailableException)
        {
            return (null, true);
        }
    }
}
