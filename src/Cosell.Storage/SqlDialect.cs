namespace Cosell.Storage;

/// <summary>
/// Where the List queries' SQL differs between the two stores: how a list parameter is matched (SQLite has no arrays,
/// so a list is bound as one JSON array text and read through <c>json_each</c>; PostgreSQL binds a <c>text[]</c>), how a
/// boolean column reads, and where PostgreSQL needs an integer widened. Everything else in those queries is the same text on both.
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect Postgres { get; } = new PostgresDialect();

    /// <summary><paramref name="column"/> equals one of the list parameter's values.</summary>
    public abstract string In(string column, string parameter);

    /// <summary>
    /// As <see cref="In(string, string)"/>, for a list known to hold one value when <paramref name="oneValue"/>. SQLite, which
    /// plans without table statistics, walks the index of the sort order for an <c>IN</c> over <c>json_each</c> and
    /// tests every row of the caller's; one value written as an equality lets it seek an index on the column instead.
    /// </summary>
    public virtual string In(string column, string parameter, bool oneValue) => In(column, parameter);

    /// <summary><paramref name="column"/> equals none of the list parameter's values.</summary>
    public abstract string NotIn(string column, string parameter);

    /// <summary>The list column <paramref name="listColumn"/> shares at least one value with the list parameter.</summary>
    public abstract string Overlaps(string listColumn, string parameter);

    /// <summary>The list column shares no value with the list parameter.</summary>
    public abstract string DoesNotOverlap(string listColumn, string parameter);

    /// <summary>An integer column read as a 64-bit integer.</summary>
    public abstract string Int64(string column);

    /// <summary>The boolean column is true.</summary>
    public abstract string IsTrue(string column);

    /// <summary>
    /// An inner join whose left table drives the loop: SQLite's planner, without table statistics, would otherwise start
    /// from the table with the index that matches more of the WHERE clause (<c>CROSS JOIN</c> fixes SQLite's order);
    /// PostgreSQL plans from its statistics.
    /// </summary>
    public abstract string JoinDrivenByLeft { get; }

    /// <summary>The boolean column is false.</summary>
    public abstract string IsFalse(string column);

    /// <summary>
    /// Text after a table's name that makes SQLite read it through <paramref name="index"/>: used where a filter names at
    /// most a few rows (by identifier, or a value counted as rare first), which SQLite (planning without statistics)
    /// would otherwise test on every row of the caller's, walked in sort order. PostgreSQL plans from its statistics:
    /// nothing.
    /// </summary>
    public abstract string IndexedBy(string index);

    private sealed class SqliteDialect : SqlDialect
    {
        public override string In(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

        public override string In(string column, string parameter, bool oneValue) =>
            oneValue ? $"{column} = json_extract({parameter}, '$[0]')" : In(column, parameter);

        public override string NotIn(string column, string parameter) => $"{column} NOT IN (SELECT value FROM json_each({parameter}))";

        public override string Overlaps(string listColumn, string parameter) =>
            $"EXISTS (SELECT 1 FROM json_each({listColumn}) t WHERE t.value IN (SELECT value FROM json_each({parameter})))";

        public override string DoesNotOverlap(string listColumn, string parameter) => "NOT " + Overlaps(listColumn, parameter);

        public override string Int64(string column) => column;

        public override string IsTrue(string column) => $"{column} = 1";

        public override string IsFalse(string column) => $"{column} = 0";

        public override string JoinDrivenByLeft => "CROSS JOIN";

        public override string IndexedBy(string index) => " INDEXED BY " + index;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string In(string column, string parameter) => $"{column} = ANY ({parameter})";

        public override string NotIn(string column, string parameter) => $"{column} <> ALL ({parameter})";

        public override string Overlaps(string listColumn, string parameter) => $"{listColumn} && {parameter}";

        public override string DoesNotOverlap(string listColumn, string parameter) => $"NOT ({listColumn} && {parameter})";

        public override string Int64(string column) => column + "::bigint";

        public override string IsTrue(string column) => column;

        public override string IsFalse(string column) => "NOT " + column;

        public override string JoinDrivenByLeft => "JOIN";

        public override string IndexedBy(string index) => "";
    }
}
