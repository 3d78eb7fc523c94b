using System.Text.Json;

namespace KccAssistant.Eval.Evaluation;

/// <summary>A mistake on one line of a labelled set, in Dutch, for the person who wrote the file.</summary>
/// <param name="Line">The line number (1-based); 0 for the file as a whole.</param>
/// <param name="Message">What is wrong and what to write instead.</param>
public sealed record SetProblem(int Line, string Message)
{
    /// <summary>"Regel 3: ..." or, for the whole file, the message alone.</summary>
    public override string ToString() => Line > 0 ? $"Regel {Line}: {Message}" : Message;
}

/// <summary>What <see cref="LabelledSetValidator.Validate"/> found.</summary>
/// <param name="Questions">The usable questions (without lines still marked <c>needsReview</c>).</param>
/// <param name="Problems">Every problem, up to the limit, in line order.</param>
/// <param name="NeedsReview">Lines marked <c>needsReview</c>: valid, but not measured until labelled.</param>
/// <param name="MoreProblems">Problems beyond the limit that were counted but not listed.</param>
public sealed record SetValidation(IReadOnlyList<LabelledQuestion> Questions, IReadOnlyList<SetProblem> Problems, int NeedsReview, int MoreProblems = 0)
{
    /// <summary>A set that can be stored and run: no problems and at least one question.</summary>
    public bool IsValid => Problems.Count == 0 && Questions.Count > 0;

    /// <summary>How many questions are unanswerable.</summary>
    public int Unanswerable => Questions.Count(q => !q.Answerable);

    /// <summary>The parts the set has ("dev", "test"); empty when it is not split.</summary>
    public IReadOnlyList<string> Splits => Questions.Select(q => q.Split?.ToLowerInvariant()).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Checks a labelled set someone uploads, line by line, and says in Dutch what is wrong on which line, where
/// <see cref="LabelledSet.ReadAsync"/> stops at the first mistake. The text is only parsed as JSON: nothing in it is
/// ever executed or used as a path.
/// </summary>
public static class LabelledSetValidator
{
    /// <summary>Longest question accepted: an agent's question is a sentence or two, not a page.</summary>
    public const int MaxQuestionLength = 2000;

    /// <summary>Longest id accepted.</summary>
    public const int MaxIdLength = 100;

    private const int ListedProblems = 50;

    /// <summary>Validates <paramref name="text"/> (JSON Lines) with at most <paramref name="maxLines"/> non-empty lines.</summary>
    public static SetValidation Validate(string text, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<SetProblem>();
        var more = 0;
        void Problem(int line, string message)
        {
            if (problems.Count < ListedProblems)
            {
                problems.Add(new SetProblem(line, message));
            }
            else
            {
                more++;
            }
        }

        var lines = text.Split('\n');
        var nonEmpty = lines.Count(l => !string.IsNullOrWhiteSpace(l));
        if (nonEmpty == 0)
        {
            return new SetValidation([], [new SetProblem(0, "Het bestand is leeg: verwacht één JSON-object per regel.")], 0);
        }

        if (nonEmpty > maxLines)
        {
            return new SetValidation([], [new SetProblem(0, $"Het bestand heeft {nonEmpty} regels; het maximum is {maxLines}. Splits de set in kleinere bestanden.")], 0);
        }

        var questions = new List<LabelledQuestion>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var needsReview = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                Problem(number, "geen geldige JSON. Schrijf één object per regel, zoals {\"id\": \"q1\", \"question\": \"...\", \"relevant\": [\"https://...\"], \"answerable\": true}.");
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    Problem(number, "verwacht een JSON-object ({...}), geen lijst of losse waarde.");
                    continue;
                }

                var lineProblems = CheckFields(root);
                if (lineProblems.Count > 0)
                {
                    foreach (var message in lineProblems)
                    {
                        Problem(number, message);
                    }

                    continue;
                }

                var question = root.Deserialize<LabelledQuestion>()!;
                if (ids.TryGetValue(question.Id, out var first))
                {
                    Problem(number, $"id \"{question.Id}\" kwam al voor op regel {first}; elk id moet uniek zijn.");
                    continue;
                }

                ids[question.Id] = number;
                if (question.NeedsReview)
                {
                    needsReview++;
                    continue;
                }

                if (question.Answerable && question.Relevant.Count == 0)
                {
                    Problem(number, "een beantwoordbare vraag heeft minstens één bron in \"relevant\" nodig (URL of bron-id), of zet \"answerable\": false.");
                    continue;
                }

                questions.Add(question);
            }
        }

        if (problems.Count == 0 && questions.Count == 0)
        {
            problems.Add(new SetProblem(0, $"Geen bruikbare vragen: alle {needsReview} regels staan nog op \"needsReview\". Label ze eerst (relevant en answerable) en haal needsReview weg."));
        }

        return new SetValidation(questions, problems, needsReview, more);
    }

    /// <summary>Every field problem of one line, so a writer fixes a line in one go.</summary>
    private static List<string> CheckFields(JsonElement root)
    {
        var problems = new List<string>();
        if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
        {
            problems.Add("\"id\" ontbreekt of is geen tekst.");
        }
        else if (id.GetString()!.Length > MaxIdLength)
        {
            problems.Add($"\"id\" is langer dan {MaxIdLength} tekens.");
        }

        if (!root.TryGetProperty("question", out var question) || question.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(question.GetString()))
        {
            problems.Add("\"question\" ontbreekt of is leeg.");
        }
        else if (question.GetString()!.Length > MaxQuestionLength)
        {
            problems.Add($"\"question\" is langer dan {MaxQuestionLength} tekens.");
        }

        if (root.TryGetProperty("relevant", out var relevant)
            && (relevant.ValueKind != JsonValueKind.Array || relevant.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(r.GetString()))))
        {
            problems.Add("\"relevant\" moet een lijst van teksten zijn (URL's of bron-id's), bijvoorbeeld [\"https://www.gemeente.nl/paspoort\"].");
        }

        foreach (var flag in new[] { "answerable", "needsReview" })
        {
            if (root.TryGetProperty(flag, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add($"\"{flag}\" moet true of false zijn (zonder aanhalingstekens).");
            }
        }

        if (root.TryGetProperty("split", out var split)
            && split.ValueKind != JsonValueKind.Null
            && (split.ValueKind != JsonValueKind.String || split.GetString()!.ToLowerInvariant() is not ("dev" or "test")))
        {
            problems.Add("\"split\" moet \"dev\" of \"test\" zijn (of weglaten).");
        }

        if (root.TryGetProperty("mustContain", out var must)
            && (must.ValueKind != JsonValueKind.Array || must.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String)))
        {
            problems.Add("\"mustContain\" moet een lijst van teksten zijn.");
        }

        if (root.TryGetProperty("answer", out var answer) && answer.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            problems.Add("\"answer\" moet tekst zijn.");
        }

        return problems;
    }
}
