using KccAssistant.Privacy;
using Xunit.Abstractions;

namespace KccAssistant.Tests.Privacy;

/// <summary>
/// Precision and recall of the personal-data detector per kind, over a generated corpus of positives and
/// negatives (see <see cref="PersonalDataCorpus"/>). The numbers are written to the test output for the report.
/// </summary>
public sealed class PersonalDataCorpusTests(ITestOutputHelper output)
{
    private const int Seed = 20261205;

    [Fact]
    public void Find_GeneratedCorpus_MeetsPrecisionAndRecallPerKind()
    {
        var corpus = PersonalDataCorpus.Generate(Seed, perVariant: 30);
        var detector = new PersonalDataDetector(PersonalDataCorpus.Options);
        var results = corpus.Select(t => (Text: t, Found: detector.Find(t.Text).Select(f => f.Kind).ToHashSet())).ToList();

        output.WriteLine($"corpus: {corpus.Count} texts ({corpus.Count(t => t.Expected is not null)} positive, {corpus.Count(t => t.Expected is null)} negative), seed {Seed}");
        var failures = new List<string>();
        // The corpus is for the ingest gate; addresses are only looked for in questions (the redactor's tests cover them).
        foreach (var kind in Enum.GetValues<PersonalDataKind>().Where(k => k != PersonalDataKind.Address))
        {
            var truePositives = results.Count(r => r.Text.Expected == kind && r.Found.Contains(kind));
            var falseNegatives = results.Count(r => r.Text.Expected == kind && !r.Found.Contains(kind));
            var falsePositives = results.Count(r => r.Text.Expected != kind && r.Found.Contains(kind));
            var precision = truePositives + falsePositives == 0 ? 1.0 : (double)truePositives / (truePositives + falsePositives);
            var recall = truePositives + falseNegatives == 0 ? 1.0 : (double)truePositives / (truePositives + falseNegatives);
            output.WriteLine($"{kind,-6} precision {precision:F4} recall {recall:F4} (tp {truePositives}, fp {falsePositives}, fn {falseNegatives})");
            if (precision < 0.98 || recall < 0.98)
            {
                failures.Add($"{kind}: precision {precision:F4}, recall {recall:F4}");
            }
        }

        // The gate's question: does a text with personal data get stopped, and does a clean text pass?
        var blocked = results.Count(r => r.Text.Expected is not null && r.Found.Count > 0);
        var positives = results.Count(r => r.Text.Expected is not null);
        var wronglyBlocked = results.Count(r => r.Text.Expected is null && r.Found.Count > 0);
        var negatives = results.Count(r => r.Text.Expected is null);
        output.WriteLine($"gate   blocked {blocked}/{positives} texts with personal data, {wronglyBlocked}/{negatives} clean texts");

        foreach (var miss in results.Where(r => r.Text.Expected is { } kind ? !r.Found.Contains(kind) : r.Found.Count > 0)
                     .GroupBy(r => r.Text.Variant).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  wrong: {miss.Key} ({miss.Count()}), e.g. \"{miss.First().Text.Text}\" found [{string.Join(", ", miss.First().Found)}]");
        }

        Assert.True(corpus.Count >= 2000, $"the corpus has {corpus.Count} texts");
        Assert.Empty(failures);
        Assert.Equal(positives, blocked);
    }

    [Fact]
    public void Generate_SameSeed_SameCorpusAndBothClassesPresent()
    {
        var first = PersonalDataCorpus.Generate(7, perVariant: 2);
        var second = PersonalDataCorpus.Generate(7, perVariant: 2);

        Assert.Equal(first, second);
        // The corpus is for the ingest gate; addresses are only looked for in questions (the redactor's tests cover them).
        foreach (var kind in Enum.GetValues<PersonalDataKind>().Where(k => k != PersonalDataKind.Address))
        {
            Assert.Contains(first, t => t.Expected == kind);
        }

        Assert.Contains(first, t => t.Expected is null);
    }
}
