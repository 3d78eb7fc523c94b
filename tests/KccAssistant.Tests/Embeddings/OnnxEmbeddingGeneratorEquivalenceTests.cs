using Microsoft.Extensions.AI;

namespace KccAssistant.Tests.Embeddings;

[Collection(EmbeddingCollection.Name)]
public sealed class OnnxEmbeddingGeneratorEquivalenceTests(EmbeddingFixture fixture)
{
    // The package's tokenizer keeps accents, turns line breaks into [UNK] and truncates at 512 tokens without [SEP];
    // on short, accent-free, single-line text it tokenizes as HuggingFace does, so the vectors must agree.
    private static readonly string[] Sentences =
    [
        "How do I apply for a new passport?",
        "The library opens at nine o'clock on Saturdays, doesn't it?",
        "Residents can report a broken street light online.",
        "De gemeente Apeldoorn helpt inwoners met hun paspoort.",
        "Een rijbewijs verlengen kan online of bij de balie in het stadhuis.",
        "Afval scheiden is verplicht: papier, glas en plastic gaan in aparte containers.",
        "Wanneer wordt de groene container geleegd?",
        "ok",
    ];

    [Fact]
    public async Task GenerateAsync_ShortEnglishAndDutchSentences_MatchesPackageEncode()
    {
        var ours = await fixture.Generator.GenerateAsync(Sentences);
        var reference = fixture.Package.Encode(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var cosine = VectorMath.Cosine(ours[i].Vector, reference[i]);
            Assert.True(cosine > 0.999f, $"cosine {cosine} for \"{Sentences[i]}\"");
        }
    }

    [Fact]
    public async Task GenerateAsync_SentencesOneByOne_MatchesPackageEncodeOfEach()
    {
        foreach (var sentence in Sentences.Take(3))
        {
            var ours = await fixture.Generator.GenerateVectorAsync(sentence);
            var reference = fixture.Package.Encode([sentence])[0];
            Assert.True(VectorMath.Cosine(ours, reference) > 0.999f, sentence);
        }
    }
}
