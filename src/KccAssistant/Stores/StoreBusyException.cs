namespace KccAssistant.Stores;

/// <summary>
/// Thrown by <see cref="IKnowledgeStore.BeginGenerationAsync"/> when another writer, in this or another process,
/// is writing a generation. Nothing was changed; trying again after that run has finished is safe.
/// </summary>
public sealed class StoreBusyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StoreBusyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the I/O error that showed the lock was taken.</summary>
    public StoreBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
