namespace KccAssistant.Stores;

/// <summary>
/// Thrown by an <see cref="IKnowledgeStore"/> when its database cannot be opened or read: a corrupt or truncated
/// file, one that is not a database, or one the process may not read. Unlike a busy store, trying again does not
/// help; the message names the file and what to do (restore a backup, or move the file away and ingest again).
/// The web app answers 503 and keeps running; the ingest CLI exits with code 4.
/// </summary>
public sealed class KnowledgeStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KnowledgeStoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KnowledgeStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that showed the database cannot be used.</summary>
    public KnowledgeStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the database at <paramref name="databasePath"/>.</summary>
    public KnowledgeStoreUnavailableException(string databasePath, string reason, Exception? innerException)
        : base(
            $"De index '{databasePath}' kan niet worden gelezen ({reason}). Zet een back-up van dat bestand terug, of verplaats " +
            "het (met de -wal- en -shm-bestanden ernaast) en lees de bronnen opnieuw in.",
            innerException)
    {
        DatabasePath = databasePath;
    }

    /// <summary>The database file that cannot be used, when known.</summary>
    public string? DatabasePath { get; }
}
