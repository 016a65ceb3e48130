# A minimal Rails application for affix-rails-interop: Debian's Rails 6.1 with Active Storage on the
# PostgreSQL database and Disk folder the Java test shares with Affix. No Bundler: the gems are
# Debian's. The test starts it with PORT, DATABASE_URL, STORAGE_ROOT and SECRET_KEY_BASE set, and
# drives it through the small JSON API under /interop; Active Storage's own routes are mounted as
# usual under /rails/active_storage.
require "logger"
require "stringio"
require "rails"
require "active_record/railtie"
require "active_job/railtie"
require "action_controller/railtie"
require "active_storage/engine"
require "rack/handler/webrick"

class InteropApp < Rails::Application
  config.root = __dir__
  config.load_defaults 6.1
  config.eager_load = false
  config.cache_classes = true
  config.allow_concurrency = true
  config.consider_all_requests_local = true
  config.secret_key_base = ENV.fetch("SECRET_KEY_BASE")
  config.logger = Logger.new($stdout)
  config.log_level = :warn
  config.hosts.clear
  config.active_job.queue_adapter = :inline
  config.active_storage.service = :local
  config.active_storage.service_configurations = {
    "local" => { "service" => "Disk", "root" => ENV.fetch("STORAGE_ROOT") }
  }
end

InteropApp.initialize!

# The tables, as a new Rails 6.1 application makes them: Active Storage's own migration, and users.
ActiveRecord::Base.connection.tap do |connection|
  unless connection.table_exists?(:active_storage_blobs)
    require File.join(Gem.loaded_specs["activestorage"].full_gem_path, "db/migrate/20170806125915_create_active_storage_tables.rb")
    ActiveRecord::Migration.suppress_messages { CreateActiveStorageTables.migrate(:up) }
  end
  unless connection.table_exists?(:users)
    ActiveRecord::Migration.suppress_messages do
      ActiveRecord::Migration.create_table(:users) { |t| t.timestamps }
    end
  end
end

class User < ActiveRecord::Base
  has_one_attached :avatar
  has_many_attached :photos
end

class InteropController < ActionController::API
  before_action { ActiveStorage::Current.host = request.base_url }

  def up
    render plain: "ok"
  end

  # POST /interop/users/:id/:name?filename=&content_type=&key=  (body: the bytes)
  def attach
    attachable = { io: StringIO.new(request.raw_post), filename: params.require(:filename), content_type: params[:content_type] }
    attachable[:key] = params[:key] if params[:key]
    attached(user).attach(attachable)
    render json: attachments_json(user)
  end

  # POST /interop/users/:id/:name/signed?signed_id=
  def attach_signed
    attached(user).attach(params.require(:signed_id))
    render json: attachments_json(user)
  end

  # POST /interop/users/:id/avatar/slowly?sleep=SECONDS (body: the bytes): attaches, then keeps the transaction open
  def attach_slowly
    ActiveRecord::Base.transaction do
      user.avatar.attach(io: StringIO.new(request.raw_post), filename: params.require(:filename), content_type: "text/plain")
      sleep params.require(:sleep).to_f
    end
    render json: attachments_json(user)
  end

  # DELETE /interop/users/:id/:name
  def purge
    attached(user).purge
    render json: attachments_json(user)
  end

  # GET /interop/users/:id: what Rails shows for the record's attachments
  def show_user
    render json: attachments_json(user)
  end

  # GET /interop/blobs/signed/:signed_id: the blob a signed id names, as Rails finds it for a form
  def find_signed
    render json: blob_json(ActiveStorage::Blob.find_signed!(params[:signed_id]))
  rescue ActiveSupport::MessageVerifier::InvalidSignature, ActiveRecord::RecordNotFound
    head :not_found
  end

  # GET /interop/blobs/:id
  def show_blob
    render json: blob_json(ActiveStorage::Blob.find(params[:id]))
  end

  # GET /interop/blobs/:id/download: the bytes, through the Disk service
  def download
    send_data ActiveStorage::Blob.find(params[:id]).download, type: "application/octet-stream"
  end

  # POST /interop/blobs/:id/analyze
  def analyze
    blob = ActiveStorage::Blob.find(params[:id])
    blob.analyze
    render json: blob_json(blob.reload)
  end

  # POST /interop/blobs/:id/variant_record (body: the variant image's PNG bytes)
  #
  # Debian's Rails has no image processor (neither image_processing nor mini_magick is packaged with
  # it), so the image is given; everything else is what ActiveStorage::VariantWithRecord#process does.
  def variant_record
    blob = ActiveStorage::Blob.find(params[:id])
    variation = ActiveStorage::Variation.wrap(resize_to_limit: [10, 10]).default_to(format: "png")
    record = blob.variant_records.create_or_find_by!(variation_digest: variation.digest) do |made|
      made.image.attach(io: StringIO.new(request.raw_post), filename: "#{blob.filename.base}.png", content_type: "image/png",
        service_name: blob.service.name)
    end
    render json: { variant_record_id: record.id, digest: variation.digest, image: blob_json(record.image.blob),
      representation_proxy_path: rails_storage_proxy_path(blob.variant(resize_to_limit: [10, 10]), only_path: true) }
  end

  private
    def user
      @user ||= User.find_or_create_by!(id: params[:id])
    end

    def attached(user)
      case params[:name]
      when "avatar" then user.avatar
      when "photos" then user.photos
      else raise ActionController::BadRequest, "no attachment #{params[:name]}"
      end
    end

    def attachments_json(user)
      user = User.find(user.id)
      {
        avatar: user.avatar.attached? ? blob_json(user.avatar.blob) : nil,
        avatar_rows: ActiveStorage::Attachment.where(record: user, name: "avatar").count,
        photos: user.photos.map { |photo| blob_json(photo.blob) }
      }
    end

    def blob_json(blob)
      {
        id: blob.id, key: blob.key, filename: blob.filename.to_s, content_type: blob.content_type, byte_size: blob.byte_size,
        checksum: blob.checksum, service_name: blob.service_name, metadata: blob.metadata,
        created_at: blob.created_at.utc.iso8601(6), signed_id: blob.signed_id,
        redirect_path: rails_blob_path(blob, only_path: true), proxy_path: rails_storage_proxy_path(blob, only_path: true)
      }
    end
end

InteropApp.routes.append do
  scope "/interop", controller: "interop" do
    get "up", action: :up
    get "users/:id", action: :show_user
    post "users/:id/avatar/slowly", action: :attach_slowly
    post "users/:id/:name/signed", action: :attach_signed
    post "users/:id/:name", action: :attach
    delete "users/:id/:name", action: :purge
    get "blobs/signed/:signed_id", action: :find_signed
    get "blobs/:id", action: :show_blob
    get "blobs/:id/download", action: :download
    post "blobs/:id/analyze", action: :analyze
    post "blobs/:id/variant_record", action: :variant_record
  end
end
InteropApp.reload_routes!

Rack::Handler::WEBrick.run(InteropApp, Host: "127.0.0.1", Port: Integer(ENV.fetch("PORT")), AccessLog: [],
  Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
