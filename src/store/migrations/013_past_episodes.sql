-- Episodes of care that ended: a re-admission writes the episode it closes (its admission and
-- discharge), so the patient page can list earlier episodes once the patient row has moved on
-- to the next one. Episodes closed before this table existed get their dates from the audit
-- trail: the patient.discharge entry ("episode N") and the patient.readmit entry that began
-- episode N ("episode N, link M"); the first episode began when the patient was added.
CREATE TABLE patient_episodes (
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    episode INTEGER NOT NULL,
    admitted_at BIGINT NOT NULL,
    discharged_at BIGINT NOT NULL,
    PRIMARY KEY (patient_id, episode)
);

INSERT INTO patient_episodes (clinic_id, patient_id, episode, admitted_at, discharged_at)
SELECT d.clinic_id, d.patient_id, d.episode,
       CASE WHEN d.episode = 1 THEN p.created_at
            ELSE COALESCE((SELECT MAX(r.at) FROM audit_events r
                           WHERE r.clinic_id = d.clinic_id AND r.patient_id = d.patient_id
                             AND r.action = 'patient.readmit'
                             AND r.detail LIKE 'episode ' || CAST(d.episode AS TEXT) || ',%'),
                          d.discharged_at) END,
       d.discharged_at
FROM (SELECT clinic_id, patient_id, CAST(SUBSTR(detail, 9) AS INTEGER) AS episode,
             MAX(at) AS discharged_at
      FROM audit_events
      WHERE action = 'patient.discharge' AND patient_id IS NOT NULL AND detail LIKE 'episode %'
      GROUP BY clinic_id, patient_id, CAST(SUBSTR(detail, 9) AS INTEGER)) d
JOIN patients p ON p.id = d.patient_id AND p.clinic_id = d.clinic_id
WHERE d.episode < p.episode;
