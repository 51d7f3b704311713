#include "SqliteSession.h"

#include <Poco/AutoPtr.h>
#include <Poco/Data/DataException.h>
#include <Poco/Data/MetaColumn.h>
#include <Poco/Data/SQLite/Binder.h>
#include <Poco/Data/SQLite/Extractor.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/SessionImpl.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/StatementImpl.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <sqlite3.h>
#include <unordered_map>
#include <vector>

namespace Limber {

namespace {

using Poco::Data::SQLite::Utility;

/// At most this many idle prepared statements of one text (a text used several times at once
/// on one connection, as nested reads do, needs more than one).
constexpr std::size_t IDLE_PER_TEXT = 4;

/// The prepared statements of one connection, by SQL text. Thread-safe (a statement may be
/// given back by whichever thread destroys it).
class StatementCache {
public:
    StatementCache(sqlite3* db, std::size_t capacity) : _db(db), _capacity(capacity) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() { close(); }

    sqlite3* db() const { return _db; }

    /// An idle statement prepared from text, taken out of the cache; nullptr when there is none.
    sqlite3_stmt* take(const std::string& text) {
        std::lock_guard lock(_mutex);
        auto found = _entries.find(text);
        if (found == _entries.end() || found->second.idle.empty())
            return nullptr;
        sqlite3_stmt* statement = found->second.idle.back();
        found->second.idle.pop_back();
        found->second.lastUse = ++_clock;
        --_kept;
        ++_reused;
        return statement;
    }

    void countPrepared() {
        std::lock_guard lock(_mutex);
        ++_prepared;
    }

    /// Takes back a statement prepared from text (and nothing else): reset and unbound, it is
    /// kept for the next execution of text, or finalized when the connection is closed or
    /// enough of text's statements are idle already.
    void give(const std::string& text, sqlite3_stmt* statement) {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        std::lock_guard lock(_mutex);
        if (_closed) {
            sqlite3_finalize(statement);
            return;
        }
        auto found = _entries.find(text);
        if (found == _entries.end()) {
            if (_entries.size() >= _capacity)
                forgetLeastRecentlyUsed();
            found = _entries.emplace(text, Entry{}).first;
        }
        if (found->second.idle.size() >= IDLE_PER_TEXT) {
            sqlite3_finalize(statement);
            return;
        }
        found->second.idle.push_back(statement);
        found->second.lastUse = ++_clock;
        ++_kept;
    }

    /// Finalizes every idle statement; statements given back later are finalized at once.
    void close() {
        std::lock_guard lock(_mutex);
        _closed = true;
        for (auto& [text, entry] : _entries)
            for (sqlite3_stmt* statement : entry.idle)
                sqlite3_finalize(statement);
        _entries.clear();
        _kept = 0;
    }

    SqliteStatementCounts counts() const {
        std::lock_guard lock(_mutex);
        return {_prepared, _reused, _kept};
    }

private:
    struct Entry {
        std::vector<sqlite3_stmt*> idle;
        std::uint64_t lastUse = 0;
    };

    void forgetLeastRecentlyUsed() {
        auto oldest = _entries.begin();
        for (auto it = _entries.begin(); it != _entries.end(); ++it)
            if (it->second.lastUse < oldest->second.lastUse)
                oldest = it;
        if (oldest == _entries.end())
            return;
        for (sqlite3_stmt* statement : oldest->second.idle)
            sqlite3_finalize(statement);
        _kept -= oldest->second.idle.size();
        _entries.erase(oldest);
    }

    sqlite3* const _db;
    const std::size_t _capacity;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, Entry> _entries;
    std::uint64_t _clock = 0;
    bool _closed = false;
    std::size_t _prepared = 0;
    std::size_t _reused = 0;
    std::size_t _kept = 0;
};

/// A Poco statement on a cached prepared statement. It keeps Poco's contract for the SQLite
/// connector (StatementImpl's protocol: compile, bind, hasNext/next, data sets, bulk bindings),
/// but takes its prepared statement from the connection's cache and gives it back when it is
/// compiled again or destroyed.
class CachedStatementImpl : public Poco::Data::StatementImpl {
public:
    CachedStatementImpl(Poco::Data::SessionImpl& session, std::shared_ptr<StatementCache> cache)
        : Poco::Data::StatementImpl(session), _session(&session, true), _cache(std::move(cache)) {
        _columns.resize(1);
    }

    ~CachedStatementImpl() override {
        try {
            release();
        } catch (...) {
            // Giving a statement back does not throw; nothing to undo.
        }
    }

protected:
    std::size_t columnsReturned() const override { return _columns[currentDataSet()].size(); }

    int affectedRowCount() const override {
        if (_affectedRows != UNKNOWN_ROW_COUNT)
            return _affectedRows;
        return _statement == nullptr || sqlite3_stmt_readonly(_statement)
                   ? 0
                   : sqlite3_changes(_cache->db());
    }

    const Poco::Data::MetaColumn& metaColumn(std::size_t position) const override {
        return _columns[currentDataSet()].at(position);
    }

    bool hasNext() override;
    std::size_t next() override;
    bool canBind() const override { return _canBind; }
    bool canCompile() const override { return _canCompile; }
    void compileImpl() override;
    void bindImpl() override;
    Poco::Data::AbstractExtraction::ExtractorPtr extractor() override { return _extractor; }
    Poco::Data::AbstractBinding::BinderPtr binder() override { return _binder; }

private:
    using Bindings = Poco::Data::AbstractBindingVec;
    static constexpr int UNKNOWN_ROW_COUNT = -1;

    /// Gives the statement back to the cache (or finalizes one that is not kept).
    void release();

    /// Poco's StatementImpl holds its session by reference only: a statement run after the
    /// last Session went away would reach a destroyed one. This keeps it alive.
    Poco::AutoPtr<Poco::Data::SessionImpl> _session;
    std::shared_ptr<StatementCache> _cache;
    sqlite3_stmt* _statement = nullptr;
    bool _keep = false; ///< _statement is the whole of _text and goes back to the cache
    std::string _text;  ///< the text _statement was prepared from, when kept
    std::optional<std::string> _leftover; ///< statements of the text not run yet
    Poco::SharedPtr<Poco::Data::SQLite::Binder> _binder;
    Poco::SharedPtr<Poco::Data::SQLite::Extractor> _extractor;
    std::vector<std::vector<Poco::Data::MetaColumn>> _columns;
    Bindings::iterator _bindBegin;
    bool _stepCalled = false;
    int _nextResponse = 0;
    int _affectedRows = UNKNOWN_ROW_COUNT;
    bool _canBind = false;
    bool _isExtracted = false;
    bool _canCompile = true;
};

void CachedStatementImpl::release() {
    _columns[currentDataSet()].clear();
    _affectedRows = UNKNOWN_ROW_COUNT;
    if (_statement != nullptr) {
        if (_keep)
            _cache->give(_text, _statement);
        else
            sqlite3_finalize(_statement);
        _statement = nullptr;
    }
    _keep = false;
}

void CachedStatementImpl::compileImpl() {
    const bool continuing = _leftover.has_value();
    if (!continuing)
        _bindBegin = bindings().begin();
    std::string text = continuing ? *_leftover : toString();
    release();
    _leftover.reset();

    sqlite3* db = _cache->db();
    sqlite3_stmt* statement = continuing ? nullptr : _cache->take(text);
    std::string rest;
    bool keep = statement != nullptr;
    if (statement == nullptr) {
        if (text.empty())
            throw Poco::Data::SQLite::InvalidSQLStatementException("Empty statements are illegal");
        const char* sql = text.c_str();
        // Comments and whitespace before a statement prepare to no statement: skip them.
        for (;;) {
            const char* tail = nullptr;
            const int rc =
                sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, &tail);
            if (rc != SQLITE_OK) {
                if (statement != nullptr)
                    sqlite3_finalize(statement);
                Utility::throwException(db, rc, sqlite3_errmsg(db));
            }
            _cache->countPrepared();
            sql = tail == nullptr ? "" : tail;
            if (statement != nullptr || *sql == '\0')
                break;
        }
        rest = Poco::trim(std::string(sql));
        keep = !continuing && statement != nullptr && rest.empty();
    }
    _statement = statement;
    _keep = keep;
    if (keep)
        _text = std::move(text);
    if (!rest.empty()) {
        _leftover = std::move(rest);
        _canCompile = true;
    } else {
        _canCompile = false;
    }

    _binder = new Poco::Data::SQLite::Binder(_statement);
    _extractor = new Poco::Data::SQLite::Extractor(_statement);

    // The next statement of a text that ran several: its rows go to the next data set.
    if (_nextResponse == SQLITE_DONE && _isExtracted && hasMoreDataSets()) {
        activateNextDataSet();
        _isExtracted = false;
    }

    const int columnCount = _statement == nullptr ? 0 : sqlite3_column_count(_statement);
    if (columnCount > 0) {
        const std::size_t dataSet = currentDataSet();
        if (dataSet >= _columns.size())
            _columns.resize(dataSet + 1);
        std::vector<Poco::Data::MetaColumn>& columns = _columns[dataSet];
        columns.reserve(static_cast<std::size_t>(columnCount));
        for (int i = 0; i < columnCount; ++i)
            columns.emplace_back(i, sqlite3_column_name(_statement, i),
                                 Utility::getColumnType(_statement, i));
    }
}

void CachedStatementImpl::bindImpl() {
    _stepCalled = false;
    _nextResponse = 0;
    if (_statement == nullptr)
        return;
    sqlite3_reset(_statement);

    const std::size_t parameters =
        static_cast<std::size_t>(sqlite3_bind_parameter_count(_statement));
    if (parameters == 0) {
        _canBind = false;
        return;
    }

    // The bindings from _bindBegin that fill this statement's parameters; those after them
    // belong to the next statement of the text.
    Bindings& all = bindings();
    Bindings::iterator end = _bindBegin;
    std::size_t available = 0;
    for (Bindings::iterator it = _bindBegin; it != all.end(); ++it) {
        available += (*it)->numOfColumnsHandled();
        if (available > parameters)
            break;
        end = it + 1;
    }
    if (available < parameters)
        throw Poco::Data::SQLite::ParameterCountMismatchException();
    if (end != all.end())
        _canBind = true;
    if (_bindBegin == all.end())
        return;

    const std::size_t rows = (*_bindBegin)->numOfRowsHandled();
    const Bindings::iterator first = _bindBegin;
    std::size_t position = 1; // SQLite's parameters count from 1
    for (; _bindBegin != end && (*_bindBegin)->canBind(); ++_bindBegin) {
        if ((*_bindBegin)->numOfRowsHandled() != rows)
            throw Poco::Data::BindingException(
                "Size mismatch in Bindings. All Bindings MUST have the same size");
        (*_bindBegin)->bind(position);
        position += (*_bindBegin)->numOfColumnsHandled();
    }
    if ((*first)->canBind()) {
        // A container binding has more rows: it binds again from the same place.
        _bindBegin = first;
        _canBind = true;
    } else {
        _canBind = false;
    }
}

bool CachedStatementImpl::hasNext() {
    if (_stepCalled)
        return _nextResponse == SQLITE_ROW;
    _stepCalled = true;
    if (_statement == nullptr) {
        // A text of comments only, or a statement that prepared to nothing.
        _nextResponse = SQLITE_DONE;
        return false;
    }
    _nextResponse = sqlite3_step(_statement);
    if (_affectedRows == UNKNOWN_ROW_COUNT)
        _affectedRows = 0;
    if (!sqlite3_stmt_readonly(_statement))
        _affectedRows += sqlite3_changes(_cache->db());
    if (_nextResponse != SQLITE_ROW && _nextResponse != SQLITE_OK && _nextResponse != SQLITE_DONE)
        Utility::throwException(_cache->db(), _nextResponse);
    _extractor->reset(); // the null indicators of the previous row
    return _nextResponse == SQLITE_ROW;
}

std::size_t CachedStatementImpl::next() {
    if (_nextResponse == SQLITE_DONE)
        throw Poco::Data::DataException("No data received");
    if (_nextResponse != SQLITE_ROW)
        Utility::throwException(_cache->db(), _nextResponse,
                                "Iterator Error: trying to access the next value");
    Poco::Data::AbstractExtractionVec& extractions = this->extractions();
    std::size_t position = 0; // SQLite's result columns count from 0
    for (auto& extraction : extractions) {
        extraction->extract(position);
        position += extraction->numOfColumnsHandled();
        _isExtracted = true;
    }
    _stepCalled = false;
    if (_affectedRows == UNKNOWN_ROW_COUNT)
        _affectedRows = 0;
    if (!extractions.empty())
        _affectedRows += static_cast<int>(extractions.front()->numOfRowsHandled());
    return 1;
}

/// Poco's SQLite session whose statements are CachedStatementImpl on the connection's cache.
class CachingSessionImpl : public Poco::Data::SQLite::SessionImpl {
public:
    explicit CachingSessionImpl(const std::string& path)
        : Poco::Data::SQLite::SessionImpl(path),
          _cache(std::make_shared<StatementCache>(Poco::AnyCast<sqlite3*>(getProperty("handle")),
                                                  SQLITE_STATEMENTS_KEPT)) {}

    ~CachingSessionImpl() override { _cache->close(); }

    Poco::SharedPtr<Poco::Data::StatementImpl> createStatementImpl() override {
        return new CachedStatementImpl(*this, _cache);
    }

    /// Opening again would give the session a new connection the cache does not know of; the
    /// store opens a new session instead.
    void open(const std::string&) override {
        throw Poco::NotImplementedException("a cached SQLite session is not opened again");
    }

    void close() override {
        _cache->close(); // before the connection, so that it closes at once
        Poco::Data::SQLite::SessionImpl::close();
    }

    SqliteStatementCounts counts() const { return _cache->counts(); }

private:
    std::shared_ptr<StatementCache> _cache;
};

} // namespace

bool configureSqlite() {
    static const bool configured = [] {
        if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK)
            return false;
        return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    }();
    return configured;
}

namespace {
/// Before main: nothing can open a SQLite connection earlier.
const bool sqliteConfiguredAtStartUp = configureSqlite();
} // namespace

Poco::Data::Session openSqliteSession(const std::string& path) {
    configureSqlite();
    return Poco::Data::Session(
        Poco::AutoPtr<Poco::Data::SessionImpl>(new CachingSessionImpl(path)));
}

SqliteStatementCounts sqliteStatementCounts(Poco::Data::Session& session) {
    auto* impl = dynamic_cast<CachingSessionImpl*>(session.impl());
    return impl == nullptr ? SqliteStatementCounts{} : impl->counts();
}

} // namespace Limber
