using System.Text;

namespace Cosell.Storage;

/// <summary>
/// The tail of a List query that pages by keyset on (sort column, id): rows strictly past the last row of the previous
/// page in the sort direction, then the order and the page size (<c>@limit</c>, one more than the page).
/// </summary>
internal static class KeysetPage
{
    /// <param name="afterParameter">The parameter holding the previous page's last sort value, e.g. <c>@after_ticks</c>.</param>
    /// <param name="paging">Whether this is a later page: <c>@after_id</c> and <paramref name="afterParameter"/> are bound.</param>
    public static StringBuilder Append(StringBuilder sql, string column, string afterParameter, bool paging, bool ascending)
    {
        if (paging)
        {
            sql.Append(" AND (").Append(column).Append(", id) ").Append(ascending ? '>' : '<')
                .Append(" (").Append(afterParameter).Append(", @after_id)");
        }
        var direction = ascending ? "" : " DESC";
        return sql.Append(" ORDER BY ").Append(column).Append(direction).Append(", id").Append(direction).Append(" LIMIT @limit");
    }
}
