namespace KccAssistant.Text;

/// <summary>Function words that carry no meaning for retrieval, plus the filler agents type during a call.</summary>
public static class DutchStopwords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "de", "het", "een", "en", "of", "van", "in", "op", "te", "aan", "met", "voor", "bij", "naar", "om", "uit", "over",
        "tot", "door", "als", "dan", "dat", "die", "dit", "deze", "er", "is", "zijn", "was", "waren", "wordt", "worden", "werd",
        "ben", "bent", "heb", "hebt", "heeft", "hebben", "had", "kan", "kun", "kunt", "kunnen", "kon", "moet", "moeten", "mag",
        "mogen", "wil", "wilt", "willen", "zal", "zou", "zullen", "ik", "je", "jij", "u", "uw", "hij", "zij", "ze", "we", "wij",
        "mijn", "zijn", "haar", "hun", "ons", "onze", "jullie", "me", "mij", "hem", "wat", "wie", "waar", "wanneer", "hoe",
        "welke", "welk", "waarom", "hoeveel", "niet", "geen", "wel", "ook", "nog", "al", "maar", "want", "dus", "zo", "nu",
        "hier", "daar", "toch", "even", "eens", "graag", "gaat", "ga", "gaan", "doen", "doe", "doet", "meneer", "mevrouw",
        "mw", "mr", "dhr", "iemand", "iets", "heel", "erg", "zeer", "wel", "weer", "alleen", "nou", "eigenlijk", "precies",
        "beller", "klant", "vraagt", "vraag", "vragen", "wilt", "weten", "zit", "zitten", "krijg", "krijgt", "sinds",
        "a", "o", "s", "t", "n", "pls", "aub", "svp", "ivm", "zelf", "mee", "mnr", "mvr", "mevr", "mw", "hr", "klant", "beller",
        "inwoner", "iemand", "mensen", "persoon", "hoelang", "lang", "snel", "straks", "vandaag", "morgen", "gisteren",
        "nodig", "moeten", "regelen", "doet", "gedaan", "zeggen", "zegt", "vertellen", "informatie", "info", "graag", "echt",
    };

    /// <summary>True when the folded token is a stopword.</summary>
    public static bool IsStopword(string token) => Words.Contains(token);
}
