using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Worker;

namespace KccAssistant.Ingest;

/// <summary>The ingest CLI: one run into a new index generation, or <c>--worker</c>. Exit codes: see <see cref="IngestCommandLine.Usage"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        IngestCommandLine commandLine;
        try
        {
            commandLine = IngestCommandLine.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"{exception.Message}\n\n{IngestCommandLine.Usage}");
            return IngestExitCodes.CouldNotRun;
        }

        if (commandLine.Help)
        {
            Console.WriteLine(IngestCommandLine.Usage);
            return IngestExitCodes.Completed;
        }

        if (commandLine.MigrateTo is not null)
        {
            return await Migration.MigrateCommand.RunAsync(commandLine);
        }

        return commandLine.Worker ? await WorkerCommand.RunAsync(commandLine) : await IngestCommand.RunAsync(commandLine);
    }
}
