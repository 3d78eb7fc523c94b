namespace KccAssistant.Text;

/// <summary>
/// Words with which agents say who is calling or who it is about ("opa", "dochter van 12", "buurman"). They tell
/// who asks, rarely what about, so they count little towards whether the sources cover a question: "oom als babs,
/// mag dat" is covered by the page on the babs even though no page mentions an uncle.
/// </summary>
public static class CallerWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "opa", "oma", "opa's", "oma's", "grootvader", "grootmoeder", "oom", "tante", "neef", "nicht", "neefje", "nichtje",
        "zoon", "zoontje", "zonen", "dochter", "dochtertje", "dochters", "broer", "broertje", "broers", "zus", "zusje", "zussen",
        "zuster", "vader", "moeder", "pa", "ma", "ouders", "schoonmoeder", "schoonvader", "schoonzoon", "schoondochter",
        "kleinzoon", "kleindochter", "kleinkind", "kleinkinderen", "buurman", "buurvrouw", "buren", "bovenburen", "benedenburen",
        "echtpaar", "stel", "vriend", "vriendin", "vriendje", "vriendinnetje", "jongen", "meisje", "man", "vrouw", "echtgenoot",
        "echtgenote", "kennis", "collega", "familielid", "familie",
    };

    /// <summary>True when the folded token names the caller or a relative rather than a subject.</summary>
    public static bool IsCallerWord(string token) => Words.Contains(token);
}
