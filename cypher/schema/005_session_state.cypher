// Live session state for session-aware serving (issue 12 §4): one SessionState node per user, found
// by its user id. The constraint makes concurrent first writes for one user MERGE into one node.
CREATE CONSTRAINT session_state_user IF NOT EXISTS FOR (n:SessionState) REQUIRE n.userId IS UNIQUE;
