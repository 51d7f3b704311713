#include "PostgresSession.h"

#include <Poco/AutoPtr.h>
#include <Poco/Data/AbstractExtractor.h>
#include <Poco/Data/AbstractSessionImpl.h>
#include <Poco/Data/DataException.h>
#include <Poco/Data/LOB.h>
#include <Poco/Data/MetaColumn.h>
#include <Poco/Data/PostgreSQL/Binder.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLTypes.h>
#include <Poco/Data/StatementImpl.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/UUID.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <libpq-fe.h>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace Limber {

namespace {

using Poco::Data::MetaColumn;
using Poco::Data::PostgreSQL::StatementException;

struct ClearResult {
    void operator()(PGresult* result) const { PQclear(result); }
};
/// A libpq result, cleared exactly once.
using Result = std::unique_ptr<PGresult, ClearResult>;

/// Throws the failure of a statement: the server's message and SQLSTATE (libpq's own message
/// when there is no result at all), worded as Poco's connector words it; sql names the text
/// when it could not be prepared.
[[noreturn]] void throwFailure(const std::string& what, PGconn* connection, const PGresult* result,
                               const std::string& sql = {}) {
    std::string message =
        result != nullptr ? PQresultErrorMessage(result)
                          : (connection != nullptr ? PQerrorMessage(connection) : "no connection");
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    auto field = [result](int code) {
        const char* value = result != nullptr ? PQresultErrorField(result, code) : nullptr;
        return std::string(value != nullptr ? value : "N/A");
    };
    throw StatementException(
        "postgresql_stmt_" + what + " error: " + message + " Severity: " + field(PG_DIAG_SEVERITY) +
        " State: " + field(PG_DIAG_SQLSTATE) + " Detail: " + field(PG_DIAG_MESSAGE_DETAIL) +
        " Constraint: " + field(PG_DIAG_CONSTRAINT_NAME) +
        (sql.empty() ? std::string() : " SQL: " + sql));
}

/// SQLSTATE 0A000 on executing a prepared statement: its tables changed the columns of its
/// result ("cached plan must not change result type"); preparing the text again fixes it.
/// (The parameter count cannot change: it is the text's.)
bool planOutdated(const PGresult* result) {
    if (result == nullptr)
        return false;
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    return state != nullptr && std::string_view(state) == "0A000" && message != nullptr &&
           std::string_view(message).starts_with("cached plan must not change result type");
}

/// Sends commands (statements without parameters), then the one statement sendLast sends, in
/// one pipeline: one round trip for all of them. The commands run first, in order; once one
/// fails, the server skips the rest. Returns the result of the first command that failed, else
/// the statement's; null when the connection failed.
Result runAfter(PGconn* connection, const std::vector<std::string>& commands,
                const std::function<int(PGconn*)>& sendLast) {
    if (PQenterPipelineMode(connection) != 1)
        return nullptr;
    bool sent = true;
    for (const std::string& command : commands)
        sent = sent && PQsendQueryParams(connection, command.c_str(), 0, nullptr, nullptr, nullptr,
                                         nullptr, 0) == 1;
    sent = sent && sendLast(connection) == 1 && PQpipelineSync(connection) == 1;
    Result chosen;
    // Each query's results end with a null; the pipeline's end is its sync result.
    std::size_t query = 0;
    while (sent) {
        Result result(PQgetResult(connection));
        if (!result) {
            if (PQstatus(connection) != CONNECTION_OK || ++query > commands.size() + 1)
                break;
            continue;
        }
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_PIPELINE_SYNC)
            break;
        if (chosen)
            continue; // skipped after the failure already chosen
        if (query == commands.size() || status != PGRES_COMMAND_OK)
            chosen = std::move(result);
    }
    if (PQexitPipelineMode(connection) != 1)
        return nullptr; // results left unread: only on a broken connection
    return chosen;
}

/// A text prepared on the server: its name there, its parameter count and its columns.
struct Prepared {
    std::string name;
    std::size_t parameters = 0;
    std::vector<MetaColumn> columns;
    std::uint64_t lastUse = 0;
    bool forgotten = false; ///< no longer kept: deallocated, or to be
};

/// The prepared statements of one connection, by SQL text.
class PreparedStatements {
public:
    PreparedStatements(PGconn* connection, std::size_t capacity)
        : _connection(connection), _capacity(capacity) {}
    PreparedStatements(const PreparedStatements&) = delete;
    PreparedStatements& operator=(const PreparedStatements&) = delete;

    /// The connection; throws NotConnectedException when it is closed or lost.
    PGconn* connection() {
        PGconn* connection = _closed ? nullptr : _connection;
        if (connection == nullptr || PQstatus(connection) != CONNECTION_OK)
            throw Poco::Data::NotConnectedException("the PostgreSQL connection is lost");
        return connection;
    }

    /// The statement prepared from text on this connection, prepared and described first when
    /// it is not kept yet.
    std::shared_ptr<const Prepared> prepare(const std::string& text) {
        PGconn* conn = connection();
        auto found = _kept.find(text);
        // Over the capacity (texts prepared inside transactions) or with statements to
        // deallocate: make room now if the connection is outside any transaction.
        if (_kept.size() + (found == _kept.end() ? 1 : 0) > _capacity || !_unused.empty()) {
            makeRoom(conn, found == _kept.end() ? nullptr : found->second.get());
            found = _kept.find(text);
        }
        if (found != _kept.end()) {
            found->second->lastUse = ++_clock;
            ++_reused;
            return found->second;
        }
        auto prepared = std::make_shared<Prepared>();
        prepared->name = "limber_" + std::to_string(++_named);
        Result made(PQprepare(conn, prepared->name.c_str(), text.c_str(), 0, nullptr));
        if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK)
            throwFailure("prepare", conn, made.get(), text);
        Result described(PQdescribePrepared(conn, prepared->name.c_str()));
        if (!described || PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
            _unused.push_back(prepared->name);
            throwFailure("describe", conn, described.get());
        }
        prepared->parameters = static_cast<std::size_t>(PQnparams(described.get()));
        const int columns = PQnfields(described.get());
        prepared->columns.reserve(static_cast<std::size_t>(columns));
        for (int i = 0; i < columns; ++i)
            prepared->columns.emplace_back(
                static_cast<std::size_t>(i), PQfname(described.get(), i),
                Poco::Data::PostgreSQL::oidToColumnDataType(PQftype(described.get(), i)), 0, 0,
                true);
        prepared->lastUse = ++_clock;
        ++_prepared;
        _kept.emplace(text, prepared);
        return prepared;
    }

    /// prepared itself while it is still kept, else text prepared again (it was pushed out, or
    /// forgotten, since prepared was prepared).
    std::shared_ptr<const Prepared> current(std::shared_ptr<const Prepared> prepared,
                                            const std::string& text) {
        if (!prepared->forgotten)
            return prepared;
        const std::size_t reused = _reused;
        prepared = prepare(text);
        _reused = reused;
        return prepared;
    }

    /// Forgets text's prepared statement (its plan is outdated); the next execution prepares
    /// the text again. The server's statement is deallocated later, outside any transaction.
    void forget(const std::string& text) {
        auto found = _kept.find(text);
        if (found == _kept.end())
            return;
        found->second->forgotten = true;
        _unused.push_back(found->second->name);
        _kept.erase(found);
    }

    /// Queues command to go ahead of the next statement (see deferPostgresCommand).
    void defer(std::string command) {
        connection();
        _deferred.push_back(std::move(command));
    }

    /// The commands queued to go ahead of the next statement; none are queued any more.
    std::vector<std::string> takeDeferred() { return std::exchange(_deferred, {}); }

    /// The connection is about to be closed: nothing is kept, and nothing is prepared any more.
    void close() {
        _closed = true;
        _deferred.clear();
        for (auto& [text, prepared] : _kept)
            prepared->forgotten = true;
        _kept.clear();
        _unused.clear();
    }

    PostgresStatementCounts counts() const { return {_prepared, _reused, _kept.size()}; }

private:
    /// Outside any transaction only: deallocates the statements forgotten, and the least
    /// recently used ones (never wanted, the one about to run) until one more fits. Inside one,
    /// the cache grows until the connection is next outside a transaction.
    void makeRoom(PGconn* conn, const Prepared* wanted) {
        if (PQtransactionStatus(conn) != PQTRANS_IDLE)
            return;
        const std::size_t keep = _capacity - (wanted == nullptr ? 1 : 0);
        while (_kept.size() > keep) {
            auto oldest = _kept.end();
            for (auto it = _kept.begin(); it != _kept.end(); ++it)
                if (it->second.get() != wanted &&
                    (oldest == _kept.end() || it->second->lastUse < oldest->second->lastUse))
                    oldest = it;
            if (oldest == _kept.end())
                break;
            oldest->second->forgotten = true;
            _unused.push_back(oldest->second->name);
            _kept.erase(oldest);
        }
        while (!_unused.empty()) {
            const std::string statement = "DEALLOCATE " + _unused.back();
            _unused.pop_back();
            Result ignored(PQexec(conn, statement.c_str()));
        }
    }

    PGconn* const _connection;
    const std::size_t _capacity;
    std::unordered_map<std::string, std::shared_ptr<Prepared>> _kept;
    std::vector<std::string> _unused;   ///< names of statements to deallocate
    std::vector<std::string> _deferred; ///< commands to send ahead of the next statement
    std::uint64_t _clock = 0;
    std::uint64_t _named = 0;
    bool _closed = false;
    std::size_t _prepared = 0;
    std::size_t _reused = 0;
};

/// Reads the columns of one row of a result, as text, converted as Poco's PostgreSQL extractor
/// converts them. A NULL column extracts nothing (false), and isNull says so.
class ResultExtractor : public Poco::Data::AbstractExtractor {
public:
    void point(const PGresult* result, int row) {
        _result = result;
        _row = row;
    }

    bool extract(std::size_t pos, Poco::Int8& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::UInt8& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::Int16& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::UInt16& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::Int32& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::UInt32& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::Int64& val) override { return integer(pos, val); }
    bool extract(std::size_t pos, Poco::UInt64& val) override { return integer(pos, val); }
#ifndef POCO_INT64_IS_LONG
    bool extract(std::size_t pos, long& val) override {
        return integer(pos, val);
    }
    bool extract(std::size_t pos, unsigned long& val) override {
        return integer(pos, val);
    }
#endif

    bool extract(std::size_t pos, bool& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        if (value == "t" || value == "true") {
            val = true;
            return true;
        }
        if (value == "f" || value == "false") {
            val = false;
            return true;
        }
        Poco::Int64 number = 0;
        if (!integer(pos, number))
            return false;
        val = number != 0;
        return true;
    }

    bool extract(std::size_t pos, float& val) override {
        double wide = 0;
        if (!extract(pos, wide))
            return false;
        val = static_cast<float>(wide);
        return true;
    }

    bool extract(std::size_t pos, double& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        double parsed = 0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (error != std::errc() || end != value.data() + value.size())
            return false;
        val = parsed;
        return true;
    }

    bool extract(std::size_t pos, char& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        val = value.empty() ? '\0' : value.front();
        return true;
    }

    bool extract(std::size_t pos, std::string& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        val.assign(value.data(), value.size());
        return true;
    }

    bool extract(std::size_t pos, Poco::Data::BLOB& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        // bytea as text: \x and two hexadecimal digits a byte.
        if (value.size() < 2 || value[0] != '\\' || value[1] != 'x') {
            val.assignRaw(reinterpret_cast<const unsigned char*>(value.data()), value.size());
            return true;
        }
        std::vector<unsigned char> bytes;
        bytes.reserve((value.size() - 2) / 2);
        for (std::size_t i = 2; i + 1 < value.size(); i += 2) {
            unsigned int byte = 0;
            const auto [end, error] =
                std::from_chars(value.data() + i, value.data() + i + 2, byte, 16);
            if (error != std::errc() || end != value.data() + i + 2)
                return false;
            bytes.push_back(static_cast<unsigned char>(byte));
        }
        val = Poco::Data::BLOB(bytes);
        return true;
    }

    bool extract(std::size_t pos, Poco::Data::CLOB& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        val.assignRaw(value.data(), value.size());
        return true;
    }

    bool extract(std::size_t pos, Poco::DateTime& val) override {
        Poco::DateTime parsed;
        if (!dateTime(pos, parsed))
            return false;
        val = parsed;
        return true;
    }

    bool extract(std::size_t pos, Poco::Data::Date& val) override {
        Poco::DateTime parsed;
        if (!dateTime(pos, parsed))
            return false;
        val.assign(parsed.year(), parsed.month(), parsed.day());
        return true;
    }

    bool extract(std::size_t pos, Poco::Data::Time& val) override {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        int zone = 0;
        Poco::DateTime parsed;
        if (!Poco::DateTimeParser::tryParse("%H:%M:%s%z", std::string(value), parsed, zone))
            return false;
        val.assign(parsed.hour(), parsed.minute(), parsed.second());
        return true;
    }

    bool extract(std::size_t pos, Poco::UUID& val) override {
        const std::string_view value = column(pos);
        return value.data() != nullptr && val.tryParse(std::string(value));
    }

    bool extract(std::size_t pos, Poco::Any& val) override {
        std::string text;
        if (!extract(pos, text))
            return false;
        val = text;
        return true;
    }

    /// By the column's type, as Poco's extractor does; text and other types as std::string.
    bool extract(std::size_t pos, Poco::Dynamic::Var& val) override {
        switch (PQftype(_result, static_cast<int>(pos))) {
        case Poco::Data::PostgreSQL::BOOLOID:
            return extractAs<bool>(pos, val);
        case Poco::Data::PostgreSQL::INT2OID:
        case Poco::Data::PostgreSQL::INT4OID:
        case Poco::Data::PostgreSQL::INT8OID:
            return extractAs<Poco::Int64>(pos, val);
        case Poco::Data::PostgreSQL::FLOAT4OID:
        case Poco::Data::PostgreSQL::FLOAT8OID:
        case Poco::Data::PostgreSQL::NUMERICOID:
            return extractAs<double>(pos, val);
        case Poco::Data::PostgreSQL::DATEOID:
            return extractAs<Poco::Data::Date>(pos, val);
        case Poco::Data::PostgreSQL::TIMESTAMPOID:
        case Poco::Data::PostgreSQL::TIMESTAMPZOID:
            return extractAs<Poco::DateTime>(pos, val);
        case Poco::Data::PostgreSQL::UUIDOID:
            return extractAs<Poco::UUID>(pos, val);
        case Poco::Data::PostgreSQL::BYTEAOID:
            return extractAs<Poco::Data::BLOB>(pos, val);
        default:
            return extractAs<std::string>(pos, val);
        }
    }

    bool isNull(std::size_t col, std::size_t /*row*/) override {
        return column(col).data() == nullptr;
    }

private:
    /// The text of column pos of the current row; a view with no data when it is NULL.
    std::string_view column(std::size_t pos) const {
        if (_result == nullptr || pos >= static_cast<std::size_t>(PQnfields(_result)))
            throw Poco::Data::PostgreSQL::PostgreSQLException(
                "Extractor: attempt to extract more parameters than query result contains");
        const int col = static_cast<int>(pos);
        if (PQgetisnull(_result, _row, col) == 1)
            return {};
        const char* value = PQgetvalue(_result, _row, col);
        return {value, static_cast<std::size_t>(PQgetlength(_result, _row, col))};
    }

    template <typename T> bool extractAs(std::size_t pos, Poco::Dynamic::Var& val) {
        T typed{};
        if (!extract(pos, typed))
            return false;
        val = typed;
        return true;
    }

    template <typename Integer> bool integer(std::size_t pos, Integer& val) {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        Integer parsed = 0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (error != std::errc() || end != value.data() + value.size())
            throw Poco::Data::ExtractException(
                "column " + std::to_string(pos + 1) + ": '" + std::string(value) + "' is " +
                (error == std::errc::result_out_of_range ? "out of range for the integer asked"
                                                         : "not an integer"));
        val = parsed;
        return true;
    }

    /// A date or timestamp, in UTC when the text gives its zone.
    bool dateTime(std::size_t pos, Poco::DateTime& val) {
        const std::string_view value = column(pos);
        if (value.data() == nullptr)
            return false;
        int zone = 0;
        if (!Poco::DateTimeParser::tryParse(std::string(value), val, zone))
            return false;
        val.makeUTC(zone);
        return true;
    }

    const PGresult* _result = nullptr;
    int _row = 0;
};

/// A Poco statement on the connection's prepared statements (see openPostgresSession).
class PreparedStatementImpl : public Poco::Data::StatementImpl {
public:
    PreparedStatementImpl(Poco::Data::SessionImpl& session,
                          std::shared_ptr<PreparedStatements> statements)
        : Poco::Data::StatementImpl(session), _session(&session, true),
          _statements(std::move(statements)), _binder(new Poco::Data::PostgreSQL::Binder),
          _extractor(new ResultExtractor) {}

protected:
    std::size_t columnsReturned() const override {
        return _prepared ? _prepared->columns.size() : 0;
    }

    int affectedRowCount() const override { return static_cast<int>(_affected); }

    const MetaColumn& metaColumn(std::size_t position) const override {
        if (!_prepared || position >= _prepared->columns.size())
            throw StatementException("Invalid column number for metaColumn");
        return _prepared->columns[position];
    }

    bool hasNext() override { return _result && _row < _rows && columnsReturned() > 0; }

    std::size_t next() override {
        if (!hasNext())
            throw StatementException("No data received");
        _extractor->point(_result.get(), _row);
        std::size_t position = 0;
        for (auto& extraction : extractions()) {
            extraction->extract(position);
            position += extraction->numOfColumnsHandled();
        }
        ++_row;
        return 1;
    }

    bool canBind() const override {
        return _prepared && !bindings().empty() && (*bindings().begin())->canBind();
    }

    bool canCompile() const override { return !_compiled; }

    void compileImpl() override {
        _text = toString();
        _prepared = _statements->prepare(_text);
        _compiled = true;
    }

    void bindImpl() override;

    Poco::Data::AbstractExtraction::ExtractorPtr extractor() override { return _extractor; }
    Poco::Data::AbstractBinding::BinderPtr binder() override { return _binder; }

private:
    /// Poco's StatementImpl holds its session by reference only: a statement run after the
    /// last Session went away would reach a destroyed one. This keeps it alive.
    Poco::AutoPtr<Poco::Data::SessionImpl> _session;
    std::shared_ptr<PreparedStatements> _statements;
    Poco::SharedPtr<Poco::Data::PostgreSQL::Binder> _binder;
    Poco::SharedPtr<ResultExtractor> _extractor;
    std::string _text;
    std::shared_ptr<const Prepared> _prepared;
    bool _compiled = false;
    Result _result;
    int _row = 0;
    int _rows = 0;
    std::size_t _affected = 0;
};

void PreparedStatementImpl::bindImpl() {
    std::size_t position = 0;
    for (auto it = bindings().begin(); it != bindings().end() && (*it)->canBind(); ++it) {
        (*it)->bind(position);
        position += (*it)->numOfColumnsHandled();
    }
    _binder->updateBindVectorToCurrentValues();
    // The parameters' texts live in this copy until the execution is over.
    const Poco::Data::PostgreSQL::InputParameterVector parameters = _binder->bindVector();

    // The text may have been deallocated, to make room, since it was compiled.
    _prepared = _statements->current(_prepared, _text);
    if (parameters.size() != _prepared->parameters)
        throw StatementException("incorrect bind parameters count for SQL Statement: " + _text);
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    values.reserve(parameters.size());
    lengths.reserve(parameters.size());
    formats.reserve(parameters.size());
    for (const auto& parameter : parameters) {
        const auto* value = static_cast<const char*>(parameter.pInternalRepresentation());
        // libpq reads a text parameter up to its first NUL byte: refuse it rather than store a
        // cut text (PostgreSQL's text cannot hold NUL at all).
        if (value != nullptr && !parameter.isBinary() &&
            std::char_traits<char>::find(value, parameter.size(), '\0') != nullptr)
            throw Poco::Data::BindingException("parameter " + std::to_string(values.size() + 1) +
                                               " holds a NUL byte, which PostgreSQL's text "
                                               "cannot store");
        values.push_back(value);
        lengths.push_back(static_cast<int>(parameter.size()));
        formats.push_back(parameter.isBinary() ? 1 : 0);
    }

    _result.reset();
    _row = 0;
    _rows = 0;
    _affected = 0;
    PGconn* connection = _statements->connection();
    auto execute = [&] {
        const std::vector<std::string> ahead = _statements->takeDeferred();
        if (ahead.empty())
            return Result(PQexecPrepared(connection, _prepared->name.c_str(),
                                         static_cast<int>(parameters.size()), values.data(),
                                         lengths.data(), formats.data(), 0));
        return runAfter(connection, ahead, [&](PGconn* conn) {
            return PQsendQueryPrepared(conn, _prepared->name.c_str(),
                                       static_cast<int>(parameters.size()), values.data(),
                                       lengths.data(), formats.data(), 0);
        });
    };
    Result result = execute();
    if (planOutdated(result.get())) {
        // Prepared again; run again at once unless the failure aborted a transaction.
        _statements->forget(_text);
        if (PQtransactionStatus(connection) == PQTRANS_IDLE) {
            _prepared = _statements->current(_prepared, _text);
            result = execute();
        }
    }
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throwFailure("execute", connection, result.get());
    if (status == PGRES_TUPLES_OK) {
        _rows = PQntuples(result.get());
        _affected = static_cast<std::size_t>(_rows);
    } else {
        const char* changed = PQcmdTuples(result.get());
        std::size_t count = 0;
        if (changed != nullptr && *changed != '\0')
            std::from_chars(changed, changed + std::char_traits<char>::length(changed), count);
        _affected = count;
    }
    _result = std::move(result);
}

/// connection without its password, for Poco's connection string: Poco puts that string in
/// the text of its NotConnectedException, which ends up in logs.
std::string withoutPassword(const std::string& connection) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (options == nullptr) {
        PQfreemem(error);
        return "(a connection string libpq does not read)";
    }
    std::string shown;
    for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
        if (option->val == nullptr || *option->val == '\0' ||
            std::string_view(option->keyword) == "password")
            continue;
        std::string value;
        for (const char* c = option->val; *c != '\0'; ++c) {
            if (*c == '\'' || *c == '\\')
                value += '\\';
            value += *c;
        }
        shown += (shown.empty() ? "" : " ") + std::string(option->keyword) + "='" + value + "'";
    }
    PQconninfoFree(options);
    return shown;
}

/// A PostgreSQL connection of libpq as a Poco session, whose statements are
/// PreparedStatementImpl. It owns its connection and finishes it when closed, connected or not
/// (Poco's own session left a lost connection unfinished, 35 KB each, and one whose connect
/// failed too).
class PreparingSessionImpl : public Poco::Data::AbstractSessionImpl<PreparingSessionImpl> {
public:
    PreparingSessionImpl(const std::string& connection, std::size_t loginTimeout)
        : Poco::Data::AbstractSessionImpl<PreparingSessionImpl>(withoutPassword(connection),
                                                                loginTimeout) {
        // The connection string's own connect_timeout, if any, overrides the login timeout.
        const std::string timeout = std::to_string(loginTimeout);
        const char* keywords[] = {"connect_timeout", "dbname", nullptr};
        const char* values[] = {timeout.c_str(), connection.c_str(), nullptr};
        _connection = PQconnectdbParams(keywords, values, 1);
        if (_connection == nullptr || PQstatus(_connection) != CONNECTION_OK) {
            std::string reason =
                _connection == nullptr ? "out of memory" : PQerrorMessage(_connection);
            PQfinish(_connection);
            _connection = nullptr;
            std::replace(reason.begin(), reason.end(), '\n', ' ');
            while (!reason.empty() && reason.back() == ' ')
                reason.pop_back();
            throw Poco::Data::ConnectionFailedException(reason);
        }
        _statements = std::make_shared<PreparedStatements>(_connection, POSTGRES_STATEMENTS_KEPT);
    }

    ~PreparingSessionImpl() override { PreparingSessionImpl::close(); }

    PreparingSessionImpl(const PreparingSessionImpl&) = delete;
    PreparingSessionImpl& operator=(const PreparingSessionImpl&) = delete;

    Poco::SharedPtr<Poco::Data::StatementImpl> createStatementImpl() override {
        if (_connection == nullptr)
            throw Poco::Data::NotConnectedException("the PostgreSQL session is closed");
        return new PreparedStatementImpl(*this, _statements);
    }

    /// Opening again would give the session a new connection without the statements prepared
    /// on the old one; the store opens a new session instead.
    void open(const std::string&) override {
        throw Poco::NotImplementedException("a PostgreSQL session is not opened again");
    }

    void close() override {
        if (_statements)
            _statements->close();
        if (_connection != nullptr) {
            PQfinish(_connection);
            _connection = nullptr;
        }
    }

    bool isConnected() const override {
        return _connection != nullptr && PQstatus(_connection) == CONNECTION_OK;
    }

    void setConnectionTimeout(std::size_t timeout) override { _connectionTimeout = timeout; }
    std::size_t getConnectionTimeout() const override { return _connectionTimeout; }
    void reset() override {}

    void begin() override { run("BEGIN"); }
    void commit() override { run("COMMIT"); }
    void rollback() override { run("ROLLBACK"); }
    bool canTransact() const override { return true; }

    /// Whether the server says a transaction is open (begun by begin() or by a statement).
    bool isTransaction() const override {
        if (_connection == nullptr)
            return false;
        const PGTransactionStatusType status = PQtransactionStatus(_connection);
        return status == PQTRANS_ACTIVE || status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
    }

    void setTransactionIsolation(Poco::UInt32 level) override {
        run("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + isolationName(level));
        _isolation = level;
    }
    Poco::UInt32 getTransactionIsolation() const override { return _isolation; }
    bool hasTransactionIsolation(Poco::UInt32 level) const override {
        return !isolationName(level).empty();
    }
    bool isTransactionIsolation(Poco::UInt32 level) const override { return _isolation == level; }

    const std::string& connectorName() const override {
        static const std::string name = "postgresql";
        return name;
    }

    PGconn* connection() const { return _connection; }
    PostgresStatementCounts counts() const { return _statements->counts(); }
    void defer(const std::string& command) { _statements->defer(command); }

private:
    static std::string isolationName(Poco::UInt32 level) {
        switch (level) {
        case Poco::Data::Session::TRANSACTION_READ_UNCOMMITTED:
            return "READ UNCOMMITTED";
        case Poco::Data::Session::TRANSACTION_READ_COMMITTED:
            return "READ COMMITTED";
        case Poco::Data::Session::TRANSACTION_REPEATABLE_READ:
            return "REPEATABLE READ";
        case Poco::Data::Session::TRANSACTION_SERIALIZABLE:
            return "SERIALIZABLE";
        default:
            return {};
        }
    }

    void run(const std::string& command) {
        PGconn* connection = _statements->connection();
        const std::vector<std::string> ahead = _statements->takeDeferred();
        Result result = ahead.empty()
                            ? Result(PQexec(connection, command.c_str()))
                            : runAfter(connection, ahead, [&](PGconn* conn) {
                                  return PQsendQueryParams(conn, command.c_str(), 0, nullptr,
                                                           nullptr, nullptr, nullptr, 0);
                              });
        if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK)
            throwFailure("execute", connection, result.get(), command);
    }

    PGconn* _connection = nullptr;
    std::shared_ptr<PreparedStatements> _statements;
    std::size_t _connectionTimeout = 0;
    Poco::UInt32 _isolation = Poco::Data::Session::TRANSACTION_READ_COMMITTED;
};

} // namespace

Poco::Data::Session openPostgresSession(const std::string& connection) {
    return Poco::Data::Session(Poco::AutoPtr<Poco::Data::SessionImpl>(
        new PreparingSessionImpl(connection, Poco::Data::SessionImpl::LOGIN_TIMEOUT_DEFAULT)));
}

PGconn* postgresConnection(Poco::Data::Session& session) {
    auto* impl = dynamic_cast<PreparingSessionImpl*>(session.impl());
    return impl == nullptr ? nullptr : impl->connection();
}

void deferPostgresCommand(Poco::Data::Session& session, const std::string& command) {
    auto* impl = dynamic_cast<PreparingSessionImpl*>(session.impl());
    if (impl == nullptr) {
        session << command, Poco::Data::Keywords::now;
        return;
    }
    impl->defer(command);
}

PostgresStatementCounts postgresStatementCounts(Poco::Data::Session& session) {
    auto* impl = dynamic_cast<PreparingSessionImpl*>(session.impl());
    return impl == nullptr ? PostgresStatementCounts{} : impl->counts();
}

} // namespace Limber
