using System.Globalization;
using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Retrieval;
using KccAssistant.Retrieval.Lexical;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Eval.Evaluation;

/// <summary>
/// The <c>explain</c> command: shows for one question how it is analysed (word groups, weights, unknown words),
/// what each mode retrieves with its evidence, and the answer — for finding out why a question fails.
/// </summary>
internal static class ExplainCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? dataDir = null;
        var words = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--data-dir" && i + 1 < args.Length)
            {
                dataDir = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
            else
            {
                words.Add(args[i]);
            }
        }

        var question = string.Join(' ', words);
        if (question.Length == 0)
        {
            throw new ArgumentException("Geef een vraag: explain \"wat kost een paspoort\"");
        }

        using var host = EvalCommand.BuildHost(dataDir, rest);
        var lexical = host.Services.GetRequiredService<DutchLexicalSearch>();
        Console.WriteLine("Woordgroepen (gewicht, bekend):");
        foreach (var (stems, weight, known) in await lexical.ExplainAsync(question, cancellationToken))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {weight,5:0.00} {(known ? "   " : "ONB")} {string.Join(", ", stems.Select(s => $"{s.Key}:{s.Value:0.#}"))}"));
        }

        var retriever = host.Services.GetRequiredService<HybridRetriever>();
        foreach (var mode in Enum.GetValues<RetrievalMode>())
        {
            var result = await retriever.RetrieveAsync(question, mode, 5, cancellationToken);
            Console.WriteLine($"{mode}:");
            foreach (var document in result.Documents)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {document.Score:0.0000} dekking {document.LexicalShare:0.00} titel {document.TitleShare:0.00} dense {document.DenseScore:0.00}  {document.Best.Title} <{document.Best.Url}> [{document.Best.Section}]"));
            }
        }

        // The evidence the "geen antwoord" model weighs, with each feature's share of the decision.
        var active = host.Services.GetRequiredService<AnswerabilityModelProvider>().Current;
        if (await EvalRunner.FeaturesAsync(retriever, question, cancellationToken) is { } features)
        {
            var values = features.ToArray();
            var parts = AnswerabilityFeatures.Names.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name} {values[i]:0.00} (×{active.Model.Weights.GetValueOrDefault(name):0.0})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Geen-antwoord-model ({active.Source}): kans {active.Model.Probability(features):0.00}, drempel {active.Model.Threshold:0.00}; {string.Join(", ", parts)}"));
        }

        var response = await host.Services.GetRequiredService<AskService>().AskAsync(question, cancellationToken: cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Antwoord (beantwoord={response.Answered}, zekerheid {response.Confidence:0.00}): {response.Answer}"));
        return 0;
    }
}
