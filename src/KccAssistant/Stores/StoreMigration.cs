namespace KccAssistant.Stores;

/// <summary>What a migration copied.</summary>
/// <param name="Generation">The generation written in the target store.</param>
/// <param name="Documents">Documents copied.</param>
/// <param name="Chunks">Chunks copied, with their vectors.</param>
public sealed record MigrationResult(long Generation, int Documents, int Chunks);

/// <summary>
/// Copies the serving generation of one store into a new generation of another, vectors included: moving from the
/// embedded store to Qdrant (or back) re-embeds nothing, and the target serves only once the copy is complete.
/// </summary>
public static class StoreMigration
{
    /// <summary>Copies <paramref name="source"/>'s serving generation into <paramref name="target"/> and commits it.</summary>
    public static async Task<MigrationResult> CopyAsync(IKnowledgeStore source, IKnowledgeStore target, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var info = await source.GetInfoAsync(cancellationToken);
        if (info.IsEmpty || info.EmbeddingModel is null)
        {
            throw new InvalidOperationException("De bronstore is leeg: er is niets te kopiëren.");
        }

        var documents = 0;
        var chunks = 0;
        IGenerationWriter? writer = null;
        try
        {
            await foreach (var document in source.ExportAsync(cancellationToken))
            {
                // The dimensions come from the data itself, so a store of any model is copied as it is.
                writer ??= await target.BeginGenerationAsync(info.EmbeddingModel, document.Chunks[0].Vector.Length, cancellationToken);
                await writer.ImportDocumentAsync(document, cancellationToken);
                documents++;
                chunks += document.Chunks.Count;
                progress?.Report(documents);
            }

            if (writer is null)
            {
                throw new InvalidOperationException("De bronstore gaf geen documenten.");
            }

            await writer.CommitAsync(cancellationToken);
            return new MigrationResult(writer.Generation, documents, chunks);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }
}
