namespace KccAssistant.Eval.Evaluation;

/// <summary>
/// The options of an eval command: <c>--name value</c> pairs and bare <c>--flags</c> it knows; everything else is
/// passed on to the host's configuration (so <c>--Kcc:Retrieval:DenseWeight 0.5</c> works on every command).
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    /// <summary>What is not the command's own, for the host's configuration.</summary>
    public List<string> Rest { get; } = [];

    /// <summary>Reads <paramref name="args"/>; a value option without a value is an error that names it.</summary>
    public static CommandArguments Parse(string[] args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new CommandArguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (valueOptions.Contains(args[i]))
            {
                var name = args[i];
                var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} verwacht een waarde.");
                if (!parsed._values.TryGetValue(name, out var values))
                {
                    parsed._values[name] = values = [];
                }

                values.Add(value);
            }
            else if (flags?.Contains(args[i]) == true)
            {
                parsed._flags.Add(args[i]);
            }
            else
            {
                parsed.Rest.Add(args[i]);
            }
        }

        return parsed;
    }

    /// <summary>The value of an option (the last one when it was given more than once), or null when it was not given.</summary>
    public string? Value(string name) => _values.GetValueOrDefault(name)?[^1];

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Values(string name) => _values.GetValueOrDefault(name) ?? [];

    /// <summary>Whether a flag was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);
}
