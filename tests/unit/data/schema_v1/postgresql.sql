CREATE TABLE app_meta (
	key VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_app_meta PRIMARY KEY (key)
);

CREATE TABLE imports (
	id SERIAL NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	file_name VARCHAR(255) NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	imported_by VARCHAR(100) NOT NULL, 
	imported_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	row_count INTEGER NOT NULL, 
	added_count INTEGER NOT NULL, 
	skipped_count INTEGER NOT NULL, 
	is_sample BOOLEAN NOT NULL, 
	undone_at TIMESTAMP WITHOUT TIME ZONE, 
	CONSTRAINT pk_imports PRIMARY KEY (id), 
	CONSTRAINT ck_imports_kind_allowed CHECK (kind IN ('enrollments', 'participants', 'targets', 'events', 'routes'))
);

CREATE INDEX ix_imports_kind_content_hash ON imports (kind, content_hash);

CREATE TABLE enrollments (
	id SERIAL NOT NULL, 
	import_id INTEGER NOT NULL, 
	registered_on DATE NOT NULL, 
	province_code VARCHAR(2) NOT NULL, 
	district_code VARCHAR(3) NOT NULL, 
	commune_code VARCHAR(5), 
	channel VARCHAR(16) NOT NULL, 
	sex VARCHAR(6), 
	birth_year INTEGER, 
	monthly_income_vnd BIGINT, 
	payment_cycle VARCHAR(16), 
	support_group VARCHAR(16), 
	participant_hash VARCHAR(64), 
	CONSTRAINT pk_enrollments PRIMARY KEY (id), 
	CONSTRAINT ck_enrollments_channel_allowed CHECK (channel IN ('vss_office', 'post_office', 'online', 'collector', 'event')), 
	CONSTRAINT ck_enrollments_sex_allowed CHECK (sex IN ('male', 'female')), 
	CONSTRAINT ck_enrollments_payment_cycle_allowed CHECK (payment_cycle IN ('monthly', 'quarterly', 'semiannual', 'annual', 'multi_year', 'lump_sum')), 
	CONSTRAINT ck_enrollments_support_group_allowed CHECK (support_group IN ('poor', 'near_poor', 'other')), 
	CONSTRAINT ck_enrollments_birth_year_plausible CHECK (birth_year >= 1930), 
	CONSTRAINT ck_enrollments_monthly_income_vnd_positive CHECK (monthly_income_vnd > 0), 
	CONSTRAINT fk_enrollments_import_id_imports FOREIGN KEY(import_id) REFERENCES imports (id) ON DELETE CASCADE, 
	CONSTRAINT uq_enrollments_participant_hash UNIQUE (participant_hash)
);

CREATE INDEX ix_enrollments_import_id ON enrollments (import_id);

CREATE INDEX ix_enrollments_province_code_district_code ON enrollments (province_code, district_code);

CREATE INDEX ix_enrollments_registered_on ON enrollments (registered_on);

CREATE TABLE events (
	id SERIAL NOT NULL, 
	import_id INTEGER NOT NULL, 
	held_on DATE NOT NULL, 
	level VARCHAR(16) NOT NULL, 
	province_code VARCHAR(2), 
	district_code VARCHAR(3), 
	commune_code VARCHAR(5), 
	kind VARCHAR(24) NOT NULL, 
	attendees INTEGER NOT NULL, 
	online_viewers INTEGER, 
	leads INTEGER, 
	CONSTRAINT pk_events PRIMARY KEY (id), 
	CONSTRAINT ck_events_level_allowed CHECK (level IN ('central', 'province', 'district', 'commune')), 
	CONSTRAINT ck_events_kind_allowed CHECK (kind IN ('online_kickoff', 'conference', 'mobile_propaganda', 'counselling')), 
	CONSTRAINT ck_events_province_for_level CHECK (level = 'central' OR province_code IS NOT NULL), 
	CONSTRAINT ck_events_district_for_level CHECK (level IN ('central', 'province') OR district_code IS NOT NULL), 
	CONSTRAINT ck_events_commune_for_level CHECK (level <> 'commune' OR commune_code IS NOT NULL), 
	CONSTRAINT ck_events_attendees_not_negative CHECK (attendees >= 0), 
	CONSTRAINT ck_events_online_viewers_not_negative CHECK (online_viewers >= 0), 
	CONSTRAINT ck_events_leads_not_negative CHECK (leads >= 0), 
	CONSTRAINT fk_events_import_id_imports FOREIGN KEY(import_id) REFERENCES imports (id) ON DELETE CASCADE
);

CREATE INDEX ix_events_held_on ON events (held_on);

CREATE INDEX ix_events_import_id ON events (import_id);

CREATE TABLE participants (
	id SERIAL NOT NULL, 
	import_id INTEGER NOT NULL, 
	period VARCHAR(7) NOT NULL, 
	province_code VARCHAR(2) NOT NULL, 
	district_code VARCHAR(3), 
	voluntary_participants INTEGER NOT NULL, 
	labour_force INTEGER, 
	CONSTRAINT pk_participants PRIMARY KEY (id), 
	CONSTRAINT ck_participants_period_is_year_month CHECK (length(period) = 7 AND substr(period, 5, 1) = '-'), 
	CONSTRAINT ck_participants_voluntary_participants_not_negative CHECK (voluntary_participants >= 0), 
	CONSTRAINT ck_participants_labour_force_not_negative CHECK (labour_force >= 0), 
	CONSTRAINT fk_participants_import_id_imports FOREIGN KEY(import_id) REFERENCES imports (id) ON DELETE CASCADE
);

CREATE INDEX ix_participants_import_id ON participants (import_id);

CREATE INDEX ix_participants_period_province_code ON participants (period, province_code);

CREATE TABLE route_points (
	id SERIAL NOT NULL, 
	import_id INTEGER NOT NULL, 
	vehicle_id VARCHAR(64) NOT NULL, 
	vehicle_type VARCHAR(16) NOT NULL, 
	recorded_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	lat FLOAT NOT NULL, 
	lon FLOAT NOT NULL, 
	province_code VARCHAR(2), 
	district_code VARCHAR(3), 
	commune_code VARCHAR(5), 
	stop_name VARCHAR(200), 
	people_reached INTEGER, 
	leaflets INTEGER, 
	CONSTRAINT pk_route_points PRIMARY KEY (id), 
	CONSTRAINT ck_route_points_vehicle_type_allowed CHECK (vehicle_type IN ('car', 'motorbike')), 
	CONSTRAINT ck_route_points_lat_lon_range CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180), 
	CONSTRAINT ck_route_points_people_reached_not_negative CHECK (people_reached >= 0), 
	CONSTRAINT ck_route_points_leaflets_not_negative CHECK (leaflets >= 0), 
	CONSTRAINT fk_route_points_import_id_imports FOREIGN KEY(import_id) REFERENCES imports (id) ON DELETE CASCADE
);

CREATE INDEX ix_route_points_import_id ON route_points (import_id);

CREATE INDEX ix_route_points_vehicle_id_recorded_at ON route_points (vehicle_id, recorded_at);

CREATE TABLE targets (
	id SERIAL NOT NULL, 
	import_id INTEGER NOT NULL, 
	province_code VARCHAR(2) NOT NULL, 
	district_code VARCHAR(3), 
	target_new_participants INTEGER NOT NULL, 
	CONSTRAINT pk_targets PRIMARY KEY (id), 
	CONSTRAINT ck_targets_target_new_participants_not_negative CHECK (target_new_participants >= 0), 
	CONSTRAINT fk_targets_import_id_imports FOREIGN KEY(import_id) REFERENCES imports (id) ON DELETE CASCADE
);

CREATE INDEX ix_targets_import_id ON targets (import_id);

COMMENT ON COLUMN imports.content_hash IS 'sha256 of the file, hex';

COMMENT ON COLUMN participants.period IS 'YYYY-MM';
