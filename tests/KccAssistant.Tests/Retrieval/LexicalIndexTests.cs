using KccAssistant.Documents;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Text;

namespace KccAssistant.Tests.Retrieval;

public sealed class LexicalIndexTests
{
    private static Chunk Chunk(string id, string title, string text, string? question = null) => new()
    {
        Id = id + "#0",
        DocumentId = id,
        Ordinal = 0,
        SourceName = "test",
        SourceType = SourceType.Website,
        Title = title,
        Url = "https://www.example.nl/" + id,
        Text = text,
        Question = question,
    };

    private static readonly Chunk[] Corpus =
    [
        Chunk("parkeren", "Parkeervergunning voor bewoners", "Woont u in het centrum? Dan vraagt u een parkeervergunning aan. Een vergunning kost 118 euro per jaar."),
        Chunk("afval", "Grof huishoudelijk afval", "Grof huishoudelijk afval, zoals banken en matrassen, laat u ophalen of brengt u naar de milieustraat."),
        Chunk("belasting", "Afvalstoffenheffing", "De afvalstoffenheffing betaalt u voor het ophalen van huisvuil. Kunt u niet betalen? Vraag kwijtschelding aan."),
        Chunk("paspoort", "Paspoort aanvragen", "U vraagt een paspoort aan in het stadhuis. Neem een pasfoto mee.", "Hoe vraag ik een paspoort aan?"),
        Chunk("idkaart", "Identiteitskaart aanvragen", "Een identiteitskaart is 10 jaar geldig voor volwassenen."),
    ];

    [Theory]
    [InlineData("parkeren", "parker")]
    [InlineData("parkeer", "parker")]
    [InlineData("bomen", "bom")]
    [InlineData("boom", "bom")]
    public void Stem_OpenAndClosedSyllables_Meet(string word, string expected) =>
        Assert.Equal(expected, DutchStemmer.Stem(word));

    [Fact]
    public void Tokenize_DiacriticsAndHyphens_FoldedAndJoined()
    {
        var tokens = DutchTextNormalizer.Tokenize("Één ID-kaart, café").ToList();

        Assert.Equal(["een", "id", "kaart", "idkaart", "cafe"], tokens);
    }

    [Fact]
    public void Split_CompoundOfCorpusWords_GivesParts()
    {
        var vocabulary = new[] { "parkeren", "vergunning", "afval", "stoffen", "heffing" }.Select(DutchStemmer.Stem).ToHashSet();
        var splitter = new CompoundSplitter(vocabulary.Contains);

        Assert.Equal([DutchStemmer.Stem("parkeer"), DutchStemmer.Stem("vergunning")], splitter.Split("parkeervergunning"));
        Assert.Equal(3, splitter.Split("afvalstoffenheffing").Count);
        Assert.Empty(splitter.Split("paspoort"));
    }

    [Theory]
    [InlineData("vergunning om te parkeren", "parkeren")]
    [InlineData("parkeervergunningen", "parkeren")]
    [InlineData("bank ophalen grofvuil", "afval")]
    [InlineData("kan niet betalen afvalheffing", "belasting")]
    [InlineData("paspoort aanvragen", "paspoort")]
    public void Search_AgentPhrasing_FindsDocumentFirst(string question, string expected)
    {
        var synonyms = SynonymMap.Parse("grofvuil, grof huishoudelijk afval\nafvalheffing, afvalstoffenheffing");
        var index = new LexicalIndex(Corpus, synonyms);

        var hits = index.Search(question, 3);

        Assert.Equal(expected, Corpus[hits[0].Chunk].DocumentId);
    }

    [Fact]
    public void Search_Synonym_OnlyMatchesThroughSynonymFile()
    {
        var withSynonyms = new LexicalIndex(Corpus, SynonymMap.Parse("id, identiteitskaart"));
        var without = new LexicalIndex(Corpus);

        Assert.Equal("idkaart", Corpus[withSynonyms.Search("id geldig", 1)[0].Chunk].DocumentId);
        Assert.DoesNotContain(without.Search("id", 5), hit => Corpus[hit.Chunk].DocumentId == "idkaart");
    }

    [Fact]
    public void Search_QuestionAboutAbsentTopic_HasLowShare()
    {
        var index = new LexicalIndex(Corpus);

        var covered = index.Search("paspoort aanvragen stadhuis", 1)[0].Share;
        var absent = index.Search("subsidie zonnepanelen aanvragen", 1);

        Assert.True(covered > 0.4, $"covered share {covered}");
        Assert.True(absent.Count == 0 || absent[0].Share < 0.3, $"absent share {absent.FirstOrDefault().Share}");
    }

    [Fact]
    public void Search_TitleMatch_RanksAboveBodyMention()
    {
        var index = new LexicalIndex([
            Chunk("body", "Stadhuis", "In het stadhuis kunt u ook een paspoort ophalen, naast veel andere zaken en diensten en producten."),
            Chunk("title", "Paspoort", "Informatie over aanvragen en ophalen."),
        ]);

        Assert.Equal("title", index.Search("paspoort", 2).Select(h => h.Chunk).Select(i => i == 0 ? "body" : "title").First());
    }

    [Fact]
    public void Search_CallerWord_CountsLittleForCoverage()
    {
        var index = new LexicalIndex(Corpus);

        // "opa" and "zwembad" are both unknown to the corpus; only the first merely says who is calling.
        var caller = index.Search("opa paspoort aanvragen", 1)[0].Share;
        var topic = index.Search("zwembad paspoort aanvragen", 1)[0].Share;

        Assert.True(caller > 0.7, $"caller share {caller}");
        Assert.True(topic < 0.6, $"topic share {topic}");
    }

    [Fact]
    public void Search_Diminutive_CoveredByItsBaseWord()
    {
        Chunk[] corpus = [.. Corpus, Chunk("balie", "Balie", "De balie in het stadhuis is elk uur open voor korte vragen.")];
        var index = new LexicalIndex(corpus);

        var hit = index.Search("uurtjes", 1)[0];

        Assert.Equal("balie", corpus[hit.Chunk].DocumentId);
        Assert.True(hit.Share > 0.99, $"share {hit.Share}");
    }

    [Theory]
    [InlineData("pas geskimd", "skimmen")]
    [InlineData("zomertijd afgeschaft", "zomertijd")]
    public void Search_PastParticiple_CoveredByItsVerb(string question, string expected)
    {
        Chunk[] corpus =
        [
            Chunk("skimmen", "Skimmen", "Criminelen skimmen uw pas bij een automaat."),
            Chunk("zomertijd", "Zomertijd", "Het kabinet wil de zomertijd niet afschaffen."),
            Chunk("pas", "Pas", "Een pas vraagt u aan bij de balie. De zomertijd begint in maart."),
        ];
        var index = new LexicalIndex(corpus);

        var hit = index.Search(question, 1)[0];

        Assert.Equal(expected, corpus[hit.Chunk].DocumentId);
        Assert.True(hit.Share > 0.99, $"share {hit.Share}");
    }

    [Fact]
    public void Search_LongWordTwoTyposAway_FindsTheWord()
    {
        var index = new LexicalIndex(Corpus);

        var hit = index.Search("kwijtsheldng", 1)[0];

        Assert.Equal("belasting", Corpus[hit.Chunk].DocumentId);
        Assert.True(hit.Share > 0.7, $"share {hit.Share}");
    }

    [Fact]
    public void Search_TypoThatAlsoSplitsIntoWords_PrefersTheNearWord()
    {
        Chunk[] corpus =
        [
            Chunk("kerst", "Kerstbomen inzamelen", "Na de feestdagen halen wij kerstbomen op."),
            Chunk("park", "Park", "In het park staan bomen met kersen."),
        ];
        var index = new LexicalIndex(corpus);

        var hits = index.Search("kersbomen", 2);

        Assert.Equal("kerst", corpus[hits[0].Chunk].DocumentId);
    }

    [Fact]
    public void Search_TitleShare_CountsOnlyTitleQuestionAndKeywords()
    {
        var index = new LexicalIndex(Corpus);

        var inTitle = index.Search("paspoort aanvragen", 1)[0];
        var inBody = index.Search("pasfoto", 1)[0];

        Assert.Equal("paspoort", Corpus[inTitle.Chunk].DocumentId);
        Assert.True(inTitle.TitleShare > 0.99, $"title share {inTitle.TitleShare}");
        Assert.Equal("paspoort", Corpus[inBody.Chunk].DocumentId);
        Assert.True(inBody.Share > 0.99 && inBody.TitleShare < 0.01, $"share {inBody.Share}, title share {inBody.TitleShare}");
        Assert.Equal(2, inTitle.QueryWords);
    }

    [Fact]
    public void Search_SentenceShare_WordsMustMeetInOneSentenceWithTheTitle()
    {
        Chunk[] corpus =
        [
            Chunk("samen", "Parkeren", "Bezoek parkeert met een kaart in de wijk. Die kost 10 euro per dag."),
            Chunk("verspreid", "Wijkinformatie", "Uw bezoek is welkom. In de wijk liggen parken. De kaart van de wijk hangt bij het station."),
        ];
        var index = new LexicalIndex(corpus);

        var hits = index.Search("bezoek wijk kaart", 2).ToDictionary(h => corpus[h.Chunk].DocumentId);

        Assert.True(hits["samen"].SentenceShare > 0.99, $"together: {hits["samen"]}");
        Assert.True(hits["verspreid"].Share > 0.99, $"scattered: {hits["verspreid"]}");
        Assert.True(hits["verspreid"].SentenceShare < 0.8, $"scattered: {hits["verspreid"]}");
    }

    [Theory]
    [InlineData("kwijtscheld", "kwijtsheld", true)]
    [InlineData("kwijtschelding", "kwijtsheldng", true)]
    [InlineData("afvalstoffenheffing", "afvalstofenhefing", true)]
    [InlineData("gemeentebelasting", "gemeetnebelasting", true)]
    [InlineData("kwijtschelding", "kwijtshldng", false)]
    [InlineData("parkeervergunning", "bouwvergunning", false)]
    public void WithinTwoEdits_CountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, bool expected) =>
        Assert.Equal(expected, SpellingIndex.WithinTwoEdits(a, b));
}
